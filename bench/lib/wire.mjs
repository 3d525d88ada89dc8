// The grpc.health.v1 wire format by hand, for the bare servers and the raw clients: the least
// possible work, and no dependency on the code under test.

/** Status numbers on the wire (HealthCheckResponse.ServingStatus). */
export const STATUS = Object.freeze({ UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 });

/** HealthCheckResponse{status}: field 1, varint (proto3 leaves out the zero value). */
export function encodeStatus(status) {
  const number = STATUS[status];
  if (number === undefined) throw new TypeError(`encodeStatus: unknown status ${status}`);
  return number === 0 ? Buffer.alloc(0) : Buffer.from([0x08, number]);
}

/** HealthCheckRequest{service}: field 1, length-delimited string; nothing else is expected. */
export function encodeService(service) {
  const bytes = Buffer.from(service, 'utf8');
  if (bytes.length === 0) return Buffer.alloc(0);
  if (bytes.length > 127) throw new RangeError('encodeService: names up to 127 bytes');
  return Buffer.concat([Buffer.from([0x0a, bytes.length]), bytes]);
}

/**
 * HealthCheckRequest{service} (names up to 127 bytes, as encodeService makes). An object, not
 * the bare string: grpc-js takes a falsy request ("" for the server) for a missing one.
 */
export function decodeRequest(bytes) {
  return { service: bytes.length < 2 || bytes[0] !== 0x0a ? '' : bytes.toString('utf8', 2, 2 + bytes[1]) };
}

/** Frames one gRPC message: flag byte 0, big-endian length, then the message. */
export function grpcFrame(message) {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/**
 * Splits a gRPC response body into messages as chunks arrive. `onStatus` gets the status
 * number of each HealthCheckResponse; a message cut across chunks is reassembled.
 */
export function createStatusReader(onStatus) {
  let pending = null;
  return (chunk) => {
    let data = pending === null ? chunk : Buffer.concat([pending, chunk]);
    pending = null;
    let offset = 0;
    while (data.length - offset >= 5) {
      const length = data.readUInt32BE(offset + 1);
      if (data.length - offset < 5 + length) break;
      onStatus(length >= 2 && data[offset + 5] === 0x08 ? data[offset + 6] : 0);
      offset += 5 + length;
    }
    if (offset < data.length) pending = data.subarray(offset);
  };
}

/**
 * Check and Watch with pre-encoded responses, for the bare servers (grpc-js and nice-grpc take
 * the same shape; grpc-js ignores `options`). Requests decode with {@link decodeRequest}.
 */
export function bareHealthDefinition() {
  const method = (name, responseStream) => ({
    path: `/grpc.health.v1.Health/${name}`,
    requestStream: false,
    responseStream,
    requestDeserialize: decodeRequest,
    requestSerialize: (value) => value,
    responseSerialize: (bytes) => bytes,
    responseDeserialize: (bytes) => bytes,
    options: {},
  });
  return { check: method('Check', false), watch: method('Watch', true) };
}
