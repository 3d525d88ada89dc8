/**
 * gRPC status codes by name, in the protocol's order (the numbers are fixed by it). The watch
 * run and its error use these rather than `@grpc/grpc-js`'s enum, so that the CLI, which runs
 * them over its own small client, never loads grpc-js.
 */
export const STATUS_CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

/** `UNIMPLEMENTED`: the server has no such service (A17: it does not do health checking). */
export const UNIMPLEMENTED = 12;
