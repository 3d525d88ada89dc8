// The protobuf wire format, written: the few shapes the grpc.health.v1 messages have.

/** The bytes of `value` (0 to 2^32 - 1) as a varint. */
function varintBytes(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}

/** A varint field (`field` < 16): tag and value; nothing for 0, which proto3 leaves out. */
export function varintField(field: number, value: number): Uint8Array {
  if (value === 0) return new Uint8Array(0);
  return Uint8Array.from([field << 3, ...varintBytes(value >>> 0)]);
}

/** A length-delimited field (`field` < 16) holding `payload`; always written, even when empty. */
export function delimitedField(field: number, payload: Uint8Array): Uint8Array {
  const head = [(field << 3) | 2, ...varintBytes(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** A string field: nothing for `""`, which proto3 leaves out. */
export function stringField(field: number, value: string): Uint8Array {
  return value === '' ? new Uint8Array(0) : delimitedField(field, Buffer.from(value, 'utf8'));
}

/** The fields one after another, as one message. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
