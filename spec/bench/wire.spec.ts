import { describe, expect, it } from 'vitest';
import { HealthDefinition } from '../../src/index.js';
import { STATUS, createStatusReader, decodeRequest, encodeService, encodeStatus, grpcFrame } from '../../bench/lib/wire.mjs';

// The bench's bare servers and raw clients encode by hand; they must agree with the real codec.
describe('bench wire helpers', () => {
  it('encode and decode exactly what the protobufjs codec does', () => {
    for (const service of ['', 'db', 'grpc.health.v1.Health']) {
      expect(encodeService(service)).toEqual(Buffer.from(HealthDefinition.check.requestSerialize({ service })));
      expect(decodeRequest(Buffer.from(HealthDefinition.check.requestSerialize({ service })))).toEqual({ service });
    }
    for (const status of ['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const) {
      expect(encodeStatus(status)).toEqual(Buffer.from(HealthDefinition.check.responseSerialize({ status })));
    }
  });

  it('reads statuses from a body however it is cut into chunks', () => {
    const body = Buffer.concat(
      (['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', 'SERVING'] as const).map((status) => grpcFrame(encodeStatus(status))),
    );
    for (const cut of [1, 3, 5, 7, 9, body.length]) {
      const seen: number[] = [];
      const read = createStatusReader((status) => seen.push(status));
      for (let offset = 0; offset < body.length; offset += cut) read(body.subarray(offset, offset + cut));
      expect(seen).toEqual([STATUS.SERVING, STATUS.NOT_SERVING, STATUS.SERVICE_UNKNOWN, STATUS.SERVING]);
    }
  });
});
