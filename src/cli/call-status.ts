import type { IncomingHttpHeaders } from 'node:http2';
import { constants } from 'node:http2';
import { Status, type CallStatus } from './grpc-status.js';

// NOTE: fatal: false: a message is text for people; bad bytes become U+FFFD, not a failure.
const utf8 = new TextDecoder();

/**
 * grpc-message as sent: percent-encoded UTF-8 (gRPC's PROTOCOL-HTTP2). A `%` not followed by
 * two hex digits is kept as it is, as the spec asks of a receiver.
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes('%')) return value;
  // Node hands header values over as Latin-1, one character per byte.
  const bytes = Buffer.from(value, 'latin1');
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes[i] === 0x25 && i + 2 < bytes.length ? bytes.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = bytes[i]!;
    }
  }
  return utf8.decode(out.subarray(0, length));
}

/** The status a client synthesizes for an HTTP status without grpc-status (gRPC's http-grpc-status-mapping). */
export function statusFromHttp(httpStatus: number): CallStatus {
  const code =
    httpStatus === 400 ? Status.INTERNAL
    : httpStatus === 401 ? Status.UNAUTHENTICATED
    : httpStatus === 403 ? Status.PERMISSION_DENIED
    : httpStatus === 404 ? Status.UNIMPLEMENTED
    : [429, 502, 503, 504].includes(httpStatus) ? Status.UNAVAILABLE
    : Status.UNKNOWN;
  return { code, details: `Received HTTP status code ${httpStatus}` };
}

/** The status of a stream the server reset before any grpc-status (RST_STREAM's error code). */
export function statusFromReset(rstCode: number): CallStatus {
  switch (rstCode) {
    case constants.NGHTTP2_REFUSED_STREAM:
      return { code: Status.UNAVAILABLE, details: 'Stream refused by server' };
    case constants.NGHTTP2_CANCEL:
      return { code: Status.CANCELLED, details: 'Call cancelled by server' };
    case constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return { code: Status.RESOURCE_EXHAUSTED, details: 'Bandwidth exhausted or memory limit exceeded' };
    case constants.NGHTTP2_INADEQUATE_SECURITY:
      return { code: Status.PERMISSION_DENIED, details: 'Protocol not secure enough' };
    default:
      return { code: Status.INTERNAL, details: `Received RST_STREAM with code ${rstCode}` };
  }
}

/**
 * The status in a response: from its trailers, or from its headers alone (a Trailers-Only
 * response, how servers answer a call that fails at once). `undefined` when there is none.
 */
export function readCallStatus(headers: IncomingHttpHeaders | undefined, trailers: IncomingHttpHeaders | undefined): CallStatus | undefined {
  const source = trailers ?? (headers?.['grpc-status'] !== undefined ? headers : undefined);
  if (source === undefined) return undefined;
  const text = source['grpc-status'];
  const message = source['grpc-message'];
  const details = typeof message === 'string' ? decodeGrpcMessage(message) : '';
  if (typeof text !== 'string') return { code: Status.UNKNOWN, details: details || 'No status received' };
  const code = /^\d{1,9}$/.test(text) ? Number(text) : Status.UNKNOWN;
  return { code, details };
}
