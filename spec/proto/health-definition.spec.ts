import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { HealthDefinition, SERVING_STATUSES } from '../../src/index.js';
import { servingStatusToNumber } from '../../src/grpc-js/index.js';

const protoPath = fileURLToPath(new URL('../../proto/grpc/health/v1/health.proto', import.meta.url));
// An independent reading of the vendored proto, to check our embedded descriptor against.
const root = protobuf.loadSync(protoPath);
const Request = root.lookupType('grpc.health.v1.HealthCheckRequest');
const Response = root.lookupType('grpc.health.v1.HealthCheckResponse');
const ListResponse = root.lookupType('grpc.health.v1.HealthListResponse');
const service = root.lookupService('grpc.health.v1.Health');

describe('HealthDefinition', () => {
  it('has the paths and stream flags of the proto', () => {
    for (const [name, method] of Object.entries(service.methods)) {
      const definition = HealthDefinition[name.toLowerCase() as keyof typeof HealthDefinition];
      expect(definition.path).toBe(`/grpc.health.v1.Health/${name}`);
      expect(definition.requestStream).toBe(Boolean(method.requestStream));
      expect(definition.responseStream).toBe(Boolean(method.responseStream));
    }
    expect(Object.keys(HealthDefinition).sort()).toEqual(['check', 'list', 'watch']);
  });

  it('encodes and decodes requests as the proto does', () => {
    for (const name of ['', 'db', 'ünïcødé ✓', 'x'.repeat(300)]) {
      const ours = HealthDefinition.check.requestSerialize({ service: name });
      expect(Buffer.from(ours)).toEqual(Buffer.from(Request.encode({ service: name }).finish()));
      expect(HealthDefinition.check.requestDeserialize(ours)).toEqual({ service: name });
    }
    expect(HealthDefinition.check.requestDeserialize(new Uint8Array())).toEqual({ service: '' });
  });

  it('encodes every status as the proto numbers it', () => {
    SERVING_STATUSES.forEach((status, number) => {
      expect(servingStatusToNumber(status)).toBe(number);
      const bytes = HealthDefinition.watch.responseSerialize({ status });
      expect(Response.decode(bytes).toJSON()).toEqual(number === 0 ? {} : { status });
      expect(HealthDefinition.watch.responseDeserialize(bytes)).toEqual({ status });
    });
  });

  it('decodes a status number it does not know as UNKNOWN', () => {
    const bytes = Response.encode({ status: 7 }).finish();
    expect(HealthDefinition.check.responseDeserialize(bytes)).toEqual({ status: 'UNKNOWN' });
  });

  it('skips unknown fields in a request', () => {
    const withExtra = Buffer.concat([
      Buffer.from(Request.encode({ service: 'db' }).finish()),
      Buffer.from([0x10, 0x2a, 0x1a, 0x01, 0x41]), // field 2 varint 42, field 3 bytes "A"
    ]);
    expect(HealthDefinition.check.requestDeserialize(withExtra)).toEqual({ service: 'db' });
  });

  it('throws on malformed bytes (grpc-js then answers INTERNAL)', () => {
    expect(() => HealthDefinition.check.requestDeserialize(Uint8Array.from([0x0a, 0x05, 0x61]))).toThrow();
  });

  it('encodes List responses as the proto does, with any service name', () => {
    const statuses = Object.create(null);
    statuses[''] = { status: 'SERVING' };
    statuses['__proto__'] = { status: 'NOT_SERVING' };
    const bytes = HealthDefinition.list.responseSerialize({ statuses });
    const decoded = ListResponse.toObject(ListResponse.decode(bytes), { enums: String }) as {
      statuses: Record<string, { status?: string }>;
    };
    expect(Object.getOwnPropertyNames(decoded.statuses).sort()).toEqual(['', '__proto__']);
    const ours = HealthDefinition.list.responseDeserialize(bytes);
    expect(Object.getPrototypeOf(ours.statuses)).toBe(null);
    expect(Object.keys(ours.statuses).sort()).toEqual(['', '__proto__']);
    expect(ours.statuses['__proto__']).toEqual({ status: 'NOT_SERVING' });
  });
});
