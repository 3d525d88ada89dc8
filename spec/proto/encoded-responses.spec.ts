import { describe, expect, it } from 'vitest';
import { asBuffer } from '../../src/proto/as-buffer.js';
import { RESPONSE_MESSAGES, encodeResponses } from '../../src/proto/encoded-responses.js';
import { HealthDefinition } from '../../src/proto/health-definition.js';
import { SERVING_STATUSES } from '../../src/serving-status.js';

describe('encodeResponses', () => {
  it('encodes each status once, as a frozen table of Buffers that decode back to it', () => {
    const responses = encodeResponses();
    expect(Object.isFrozen(responses)).toBe(true);
    for (const status of SERVING_STATUSES) {
      expect(Buffer.isBuffer(responses[status])).toBe(true);
      expect(HealthDefinition.check.responseDeserialize(responses[status])).toEqual({ status });
    }
  });

  it('gives every call its own bytes, which no other table shares', () => {
    const [first, second] = [encodeResponses(), encodeResponses()];
    expect(first.SERVING.equals(second.SERVING)).toBe(true);
    first.SERVING[0] = first.SERVING[0]! ^ 0xff;
    expect(first.SERVING.equals(second.SERVING)).toBe(false);
  });
});

describe('RESPONSE_MESSAGES', () => {
  it('holds one frozen message per status, which the codec encodes as the Buffers above', () => {
    const encoded = encodeResponses();
    expect(Object.isFrozen(RESPONSE_MESSAGES)).toBe(true);
    for (const status of SERVING_STATUSES) {
      expect(RESPONSE_MESSAGES[status]).toEqual({ status });
      expect(Object.isFrozen(RESPONSE_MESSAGES[status])).toBe(true);
      expect(Buffer.from(HealthDefinition.check.responseSerialize(RESPONSE_MESSAGES[status])).equals(encoded[status])).toBe(true);
    }
  });
});

describe('asBuffer', () => {
  it('passes a Buffer as it is, and views other bytes without copying them', () => {
    const buffer = Buffer.from([1, 2, 3]);
    expect(asBuffer(buffer)).toBe(buffer);
    const bytes = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    const view = asBuffer(bytes);
    expect([...view]).toEqual([8, 7]);
    bytes[0] = 5;
    expect(view[0]).toBe(5);
  });
});
