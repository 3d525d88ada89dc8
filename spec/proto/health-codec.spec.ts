import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { SERVING_STATUSES } from '../../src/index.js';
import { createHealthCodec } from '../../src/proto/health-codec.js';

// The hand-written codec against protobufjs reading the vendored proto: the reference.
const protoPath = fileURLToPath(new URL('../../proto/grpc/health/v1/health.proto', import.meta.url));
const root = protobuf.loadSync(protoPath);
const Request = root.lookupType('grpc.health.v1.HealthCheckRequest');
const Response = root.lookupType('grpc.health.v1.HealthCheckResponse');
const ListResponse = root.lookupType('grpc.health.v1.HealthListResponse');
const codec = createHealthCodec();
const bytes = (...values: number[]) => Uint8Array.from(values);

// Unknown fields a newer peer may add: every wire type, field numbers past 15 (two-byte tags).
const unknownField = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 5000 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([field, value]) => {
    const writer = protobuf.Writer.create().uint32((field << 3) | 0).uint64(value.toString());
    return writer.finish();
  }),
  fc.tuple(fc.integer({ min: 2, max: 5000 }), fc.uint8Array({ maxLength: 20 })).map(([field, value]) =>
    protobuf.Writer.create().uint32((field << 3) | 2).bytes(value).finish(),
  ),
  fc.integer({ min: 2, max: 5000 }).map((field) => protobuf.Writer.create().uint32((field << 3) | 1).fixed64(7).finish()),
  fc.integer({ min: 2, max: 5000 }).map((field) => protobuf.Writer.create().uint32((field << 3) | 5).fixed32(7).finish()),
  // A group, with a varint inside: proto2's, still legal on the wire.
  fc.integer({ min: 2, max: 5000 }).map((field) =>
    protobuf.Writer.create().uint32((field << 3) | 3).uint32(8).uint32(1).uint32((field << 3) | 4).finish(),
  ),
);
const withUnknown = (message: Uint8Array, extra: Uint8Array[]) => Buffer.concat([...extra.map((field) => Buffer.from(field)), Buffer.from(message)]);

describe('createHealthCodec (hand-written, checked against protobufjs)', () => {
  it('encodes requests byte for byte as protobufjs does, and reads any valid request back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(unknownField, { maxLength: 3 }), (service, extra) => {
        const ours = codec.encodeCheckRequest({ service });
        expect(Buffer.from(ours)).toEqual(Buffer.from(Request.encode({ service }).finish()));
        expect(codec.decodeCheckRequest(withUnknown(ours, extra))).toEqual({ service });
      }),
    );
  });

  it('keeps a leading byte-order mark in a name, and takes the last of two names', () => {
    expect(codec.decodeCheckRequest(codec.encodeCheckRequest({ service: '\uFEFFdb' }))).toEqual({ service: '\uFEFFdb' });
    const twice = Buffer.concat([Request.encode({ service: 'a' }).finish(), Request.encode({ service: 'b' }).finish()]);
    expect(codec.decodeCheckRequest(twice)).toEqual({ service: 'b' });
  });

  it('reads any status number as protobufjs does, unknown numbers as UNKNOWN', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.array(unknownField, { maxLength: 2 }), (number, extra) => {
        const encoded = Response.encode({ status: number }).finish();
        expect(codec.decodeCheckResponse(withUnknown(encoded, extra))).toEqual({ status: SERVING_STATUSES[number] ?? 'UNKNOWN' });
      }),
    );
    SERVING_STATUSES.forEach((status, number) => {
      expect(Buffer.from(codec.encodeCheckResponse({ status }))).toEqual(Buffer.from(Response.encode({ status: number }).finish()));
    });
  });

  it('writes and reads List responses as protobufjs does, for any names', () => {
    const statuses = fc.dictionary(fc.string({ maxLength: 30 }), fc.constantFrom(...SERVING_STATUSES), { maxKeys: 20 });
    fc.assert(
      fc.property(statuses, (map) => {
        const input: Record<string, { status: (typeof SERVING_STATUSES)[number] }> = Object.create(null);
        for (const [name, status] of Object.entries(map)) input[name] = { status };
        const ours = codec.encodeListResponse({ statuses: input });
        const theirs = ListResponse.toObject(ListResponse.decode(ours), { enums: String, defaults: true }) as {
          statuses: Record<string, { status: string }>;
        };
        expect({ ...theirs.statuses }).toEqual({ ...input });
        const reference = ListResponse.encode({ statuses: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { status: SERVING_STATUSES.indexOf(v) }])) }).finish();
        expect({ ...codec.decodeListResponse(reference).statuses }).toEqual({ ...input });
      }),
    );
  });

  it('reads a map entry without key or value as "" and UNKNOWN', () => {
    const { statuses } = codec.decodeListResponse(bytes(0x0a, 0x00));
    expect({ ...statuses }).toEqual({ '': { status: 'UNKNOWN' } });
  });

  it.each([
    ['a length past the end', bytes(0x0a, 0x05, 0x61)],
    ['an endless varint', bytes(0x08, ...Array(11).fill(0xff))],
    ['a varint cut short', bytes(0x10, 0x80)],
    ['wire type 6', bytes(0x0e)],
    ['wire type 7', bytes(0x0f, 0x00)],
    ['field number 0', bytes(0x02, 0x00)],
    ['an end of group without a start', bytes(0x14)],
    ['a group that is never closed', bytes(0x13, 0x08, 0x01)],
    ['a group closed by another field number', bytes(0x13, 0x1c)],
    ['a fixed64 cut short', bytes(0x11, 1, 2, 3)],
    ['a name that is not UTF-8', bytes(0x0a, 0x02, 0xc3, 0x28)],
  ])('throws on malformed bytes: %s (the adapters then answer INTERNAL)', (_, malformed) => {
    expect(() => codec.decodeCheckRequest(malformed)).toThrow();
    expect(() => Request.decode(malformed)).toThrow();
  });

  it('reads the whole of a List request, so that malformed bytes throw there too', () => {
    expect(codec.decodeListRequest(bytes(0x08, 0x01))).toEqual({});
    expect(() => codec.decodeListRequest(bytes(0x0a, 0x05))).toThrow();
  });
});
