import { Status } from './grpc-status.js';
import { formatGoDuration } from './go-duration.js';
import { formatRpcFailure, toRpcFailure } from './grpc-errors.js';

/**
 * The line a client command prints for a failed RPC, in grpc_health_probe's words: a server
 * without the method, a deadline, or any other status.
 */
export function describeRpcFailure(error: unknown, method: string, timeoutMs: number): string {
  const failure = toRpcFailure(error);
  if (failure.code === Status.UNIMPLEMENTED) {
    return `error: this server does not implement the grpc health protocol (grpc.health.v1.Health${method === 'Check' ? '' : `/${method}`}): ${failure.details}`;
  }
  if (failure.code === Status.DEADLINE_EXCEEDED) {
    return `timeout: health rpc did not complete within ${formatGoDuration(timeoutMs)}`;
  }
  return `error: health rpc failed: ${formatRpcFailure(failure)}`;
}
