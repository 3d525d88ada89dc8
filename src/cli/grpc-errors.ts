import { Status } from './grpc-status.js';

// grpc-go's names for status codes (codes.Code.String()), which its error messages use.
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

/** A gRPC failure as the CLI reports it: its code, and its message without grpc-js's prefix. */
export interface RpcFailure {
  code: number;
  details: string;
}

/** Reads the code and details from a grpc-js `ServiceError` or a nice-grpc `ClientError`. */
export function toRpcFailure(error: unknown): RpcFailure {
  const { code, details, message } = (error ?? {}) as { code?: unknown; details?: unknown; message?: unknown };
  if (typeof code === 'number') {
    return { code, details: typeof details === 'string' ? details : String(message ?? '') };
  }
  return { code: Status.UNKNOWN, details: error instanceof Error ? error.message : String(error) };
}

/** `rpc error: code = NotFound desc = ...`, as grpc-go prints a status error. */
export function formatRpcFailure({ code, details }: RpcFailure): string {
  return `rpc error: code = ${GO_CODE_NAMES[code] ?? `Code(${code})`} desc = ${details}`;
}
