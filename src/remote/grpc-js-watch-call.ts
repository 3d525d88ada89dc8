import { Metadata, type CallOptions, type ClientReadableStream } from '@grpc/grpc-js';
import { asBuffer } from '../proto/as-buffer.js';
import { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckRequest, HealthCheckResponse } from '../proto/health-messages.js';
import type { OpenWatchCall } from './watch-call.js';

/**
 * The one method of a `@grpc/grpc-js` Client that a watch needs, typed structurally so that a
 * client from another copy of grpc-js fits too.
 */
export interface ServerStreamCaller {
  makeServerStreamRequest<Request, Response>(
    method: string,
    serialize: (value: Request) => Buffer,
    deserialize: (value: Buffer) => Response,
    argument: Request,
    metadata: Metadata,
    options?: CallOptions,
  ): ClientReadableStream<Response>;
}

const serialize = (request: HealthCheckRequest) => asBuffer(HealthDefinition.watch.requestSerialize(request));
const deserialize = (bytes: Buffer) => HealthDefinition.watch.responseDeserialize(bytes);

/** Watch calls made with a grpc-js Client (the user's, or one over the user's channel). */
export function grpcJsWatchCall(client: ServerStreamCaller, metadata: Metadata | undefined): OpenWatchCall {
  return (service, listener) => {
    // NOTE: a copy per call: grpc-js may add to the metadata it sends.
    const call = client.makeServerStreamRequest<HealthCheckRequest, HealthCheckResponse>(
      HealthDefinition.watch.path,
      serialize,
      deserialize,
      { service },
      metadata?.clone() ?? new Metadata(),
    );
    call.on('data', (response: HealthCheckResponse) => listener.message(response.status));
    call.on('error', () => {}); // told from 'status', which always follows
    call.on('status', ({ code, details }) => listener.end(code, details));
    return () => call.cancel();
  };
}
