import { STATUS_CODE_NAMES } from './status-codes.js';

/**
 * How one Watch call to a remote server ended: its gRPC status `code` (a number, as
 * `@grpc/grpc-js`'s `status` enum has them; `0` OK when the server ended the stream) and the
 * server's `details`. {@link watchHealth} hands one to `onFailure` for every attempt that ends,
 * and errors with one when `whenUnimplemented` is `'ERROR'`.
 */
export class RemoteHealthError extends Error {
  override readonly name = 'RemoteHealthError';

  constructor(
    /** The gRPC status code the call ended with. */
    readonly code: number,
    /** The status details (the server's message). */
    readonly details: string,
    /** The service that was watched. */
    readonly service: string,
  ) {
    super(`Watch of ${JSON.stringify(service)} ended with ${STATUS_CODE_NAMES[code] ?? `code ${code}`}${details ? `: ${details}` : ''}`);
  }
}
