import { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckResponse, HealthListResponse } from '../proto/health-messages.js';
import type { GrpcChannel } from './connect.js';
import { startCall, type GrpcCall } from './grpc-call.js';
import { RpcError, Status } from './grpc-status.js';
import type { RequestMetadata } from './rpc-headers.js';

function unary<Response>(
  channel: GrpcChannel,
  method: { path: string; responseDeserialize: (bytes: Uint8Array) => Response },
  request: Uint8Array,
  metadata: RequestMetadata,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const call = startCall(channel, method.path, request, { metadata, decode: method.responseDeserialize, timeoutMs });
    const responses: Response[] = [];
    const cancel = () => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    call.on('data', (response) => {
      // A unary call has one response; a second is the server's error, as grpc-js reports it.
      if (responses.push(response) > 1) call.cancel();
    });
    call.on('status', ({ code, details }) => {
      signal.removeEventListener('abort', cancel);
      if (responses.length > 1) reject(new RpcError(Status.UNIMPLEMENTED, 'Too many responses received'));
      else if (code !== Status.OK) reject(new RpcError(code, details));
      else if (responses.length === 0) reject(new RpcError(Status.UNIMPLEMENTED, 'No message received'));
      else resolve(responses[0]!);
    });
    if (signal.aborted) cancel();
  });
}

/** Health/Check with a deadline; aborting `signal` cancels it. Rejects with an RpcError. */
export function callCheck(
  channel: GrpcChannel,
  service: string,
  metadata: RequestMetadata,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HealthCheckResponse> {
  const method = HealthDefinition.check;
  return unary(channel, method, method.requestSerialize({ service }), metadata, timeoutMs, signal);
}

/** Health/List with a deadline; aborting `signal` cancels it. Rejects with an RpcError. */
export function callList(channel: GrpcChannel, metadata: RequestMetadata, timeoutMs: number, signal: AbortSignal): Promise<HealthListResponse> {
  const method = HealthDefinition.list;
  return unary(channel, method, method.requestSerialize({}), metadata, timeoutMs, signal);
}

/** Health/Watch: a stream of responses, without a deadline. */
export function openWatch(channel: GrpcChannel, service: string, metadata: RequestMetadata): GrpcCall<HealthCheckResponse> {
  const method = HealthDefinition.watch;
  return startCall(channel, method.path, method.requestSerialize({ service }), { metadata, decode: method.responseDeserialize });
}
