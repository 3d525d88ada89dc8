import type { Client, ClientReadableStream, Metadata, ServiceError } from '@grpc/grpc-js';
import { asBuffer } from '../proto/as-buffer.js';
import { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckResponse, HealthListResponse } from '../proto/health-messages.js';

/** The parts of a method definition a grpc-js call needs. */
interface Method<Request, Response> {
  path: string;
  requestSerialize: (value: Request) => Uint8Array;
  responseDeserialize: (bytes: Uint8Array) => Response;
}

// grpc-js wants Buffers; our codec makes Uint8Arrays.
function serializer<T>(method: { requestSerialize: (value: T) => Uint8Array }) {
  return (value: T) => asBuffer(method.requestSerialize(value));
}

function unary<Request, Response>(
  client: Client,
  method: Method<Request, Response>,
  request: Request,
  metadata: Metadata,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const call = client.makeUnaryRequest(
      method.path,
      serializer(method),
      method.responseDeserialize,
      request,
      metadata,
      // NOTE: a real deadline, so the server sees grpc-timeout and the failure is DEADLINE_EXCEEDED.
      { deadline: Date.now() + timeoutMs },
      (error: ServiceError | null, response?: Response) => (error ? reject(error) : resolve(response!)),
    );
    const cancel = () => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    call.on('status', () => signal.removeEventListener('abort', cancel));
  });
}

/** Health/Check over a grpc-js client, with a deadline; aborting `signal` cancels it. */
export function callCheck(
  client: Client,
  service: string,
  metadata: Metadata,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HealthCheckResponse> {
  return unary(client, HealthDefinition.check, { service }, metadata, timeoutMs, signal);
}

/** Health/List over a grpc-js client, with a deadline; aborting `signal` cancels it. */
export function callList(client: Client, metadata: Metadata, timeoutMs: number, signal: AbortSignal): Promise<HealthListResponse> {
  return unary(client, HealthDefinition.list, {}, metadata, timeoutMs, signal);
}

/** Health/Watch over a grpc-js client: a stream of responses, without a deadline. */
export function openWatch(client: Client, service: string, metadata: Metadata): ClientReadableStream<HealthCheckResponse> {
  const method = HealthDefinition.watch;
  return client.makeServerStreamRequest(
    method.path,
    serializer(method),
    method.responseDeserialize,
    { service },
    metadata,
  );
}
