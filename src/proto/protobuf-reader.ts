// The protobuf wire format, read: just what the grpc.health.v1 messages need (varints,
// length-delimited strings and messages) plus skipping whatever a newer peer may add.
// Every malformed input throws; the adapters answer that with INTERNAL, as grpc-go does.

/** Wire types (the low 3 bits of a tag). */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
const START_GROUP = 3;
const END_GROUP = 4;
export const FIXED32 = 5;

// NOTE: fatal, so that bytes that are not UTF-8 are an error rather than U+FFFD (two different
// names must never decode to one), and ignoreBOM so that a leading U+FEFF stays in the name.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads one message (or a nested one) from `bytes[start, end)`. */
export class ProtobufReader {
  #bytes: Uint8Array;
  #pos: number;
  readonly #end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#pos = start;
    this.#end = end;
  }

  /** Whether the message has more fields. */
  get more(): boolean {
    return this.#pos < this.#end;
  }

  /** A varint's low 32 bits, as a signed int32 (how proto3 reads int32 and enum fields). */
  varint32(): number {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new RangeError('protobuf: varint past the end of the message');
      const byte = this.#bytes[this.#pos++]!;
      if (i < 5) value |= (byte & 0x7f) << (7 * i);
      if (byte < 0x80) return value;
    }
    throw new RangeError('protobuf: varint longer than 10 bytes');
  }

  /** The next tag: `[field number, wire type]`. */
  tag(): [number, number] {
    const tag = this.varint32() >>> 0;
    const field = tag >>> 3;
    if (field === 0) throw new RangeError('protobuf: field number 0');
    return [field, tag & 7];
  }

  /** A length-delimited field: the reader of its bytes, which it skips past. */
  delimited(): ProtobufReader {
    const length = this.varint32();
    if (length < 0 || length > this.#end - this.#pos) throw new RangeError('protobuf: length past the end of the message');
    const start = this.#pos;
    this.#pos += length;
    return new ProtobufReader(this.#bytes, start, this.#pos);
  }

  /** A string field, which must be valid UTF-8. */
  string(): string {
    const field = this.delimited();
    return utf8.decode(field.#bytes.subarray(field.#pos, field.#end));
  }

  /** Skips the value of a field this reader does not know (proto3 keeps reading). */
  skip(field: number, wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint32();
        return;
      case FIXED64:
        return this.#advance(8);
      case LENGTH_DELIMITED:
        this.delimited();
        return;
      case FIXED32:
        return this.#advance(4);
      case START_GROUP:
        for (;;) {
          const [inner, type] = this.tag();
          if (type === END_GROUP) {
            if (inner !== field) throw new RangeError('protobuf: unmatched end of group');
            return;
          }
          this.skip(inner, type);
        }
      default:
        throw new RangeError(`protobuf: invalid wire type ${wireType}`);
    }
  }

  #advance(count: number): void {
    if (count > this.#end - this.#pos) throw new RangeError('protobuf: field past the end of the message');
    this.#pos += count;
  }
}
