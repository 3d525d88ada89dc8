import type { MethodDefinition } from '@grpc/grpc-js';
import { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckRequest, HealthCheckResponse } from '../proto/health-messages.js';
import { asBuffer } from '../proto/as-buffer.js';
import { WatchCallSubscriber } from './watch-call-subscriber.js';

// NOTE: a request must decode to an object: grpc-js takes a falsy one (say, the name "")
// for a missing request message.
const decodeCheckRequest = (bytes: Buffer): HealthCheckRequest => HealthDefinition.check.requestDeserialize(bytes);
const encodeCheckRequest = (request: Partial<HealthCheckRequest>): Buffer =>
  asBuffer(HealthDefinition.check.requestSerialize(request));
// A Watch request decodes to the subscriber that will serve the call (see WatchCallSubscriber).
const decodeWatchRequest = (bytes: Buffer): WatchCallSubscriber =>
  new WatchCallSubscriber(HealthDefinition.watch.requestDeserialize(bytes).service);

/**
 * `grpc.health.v1.Health` as a grpc-js service definition. Responses are encoded before they
 * are written (pre-encoded for Check and Watch), so serializing a response is the identity.
 * A request that is not valid protobuf makes decoding throw, which grpc-js answers with INTERNAL.
 */
export const grpcJsHealthDefinition = {
  Check: {
    path: HealthDefinition.check.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeCheckRequest,
    responseSerialize: asBuffer,
    responseDeserialize: (bytes: Buffer): HealthCheckResponse => HealthDefinition.check.responseDeserialize(bytes),
    originalName: 'check',
  },
  Watch: {
    path: HealthDefinition.watch.path,
    requestStream: false,
    responseStream: true,
    requestSerialize: encodeCheckRequest,
    requestDeserialize: decodeWatchRequest,
    responseSerialize: asBuffer,
    responseDeserialize: (bytes: Buffer): HealthCheckResponse => HealthDefinition.watch.responseDeserialize(bytes),
    originalName: 'watch',
  },
  List: {
    path: HealthDefinition.list.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (): Buffer => asBuffer(HealthDefinition.list.requestSerialize({})),
    requestDeserialize: (bytes: Buffer) => HealthDefinition.list.requestDeserialize(bytes),
    responseSerialize: asBuffer,
    responseDeserialize: (bytes: Buffer) => HealthDefinition.list.responseDeserialize(bytes),
    originalName: 'list',
  },
} satisfies Record<string, MethodDefinition<any, any>>;
