/** The gRPC status codes (the numbers are fixed by the protocol), for the CLI's own client. */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** How a call ended: its gRPC status code and message (grpc-message, percent-decoded). */
export interface CallStatus {
  code: number;
  details: string;
}

/** A failed call, as the CLI's client rejects it: `code` and `details` as in {@link CallStatus}. */
export class RpcError extends Error implements CallStatus {
  override readonly name = 'RpcError';

  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${details}`);
  }
}
