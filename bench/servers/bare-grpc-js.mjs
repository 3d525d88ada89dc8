// The limit: @grpc/grpc-js doing the least possible work. Check answers a pre-encoded reply
// from a Map; Watch writes the pre-encoded status to a Set of calls on each change.
import grpc from '@grpc/grpc-js';
import { bareHealthDefinition, encodeStatus } from '../lib/wire.mjs';

const definition = bareHealthDefinition();
const SERVICE_UNKNOWN = encodeStatus('SERVICE_UNKNOWN');

export async function start() {
  const replies = new Map([['', encodeStatus('SERVING')]]);
  const watchers = new Map();
  const server = new grpc.Server();
  server.addService(definition, {
    check(call, callback) {
      const reply = replies.get(call.request.service);
      if (reply === undefined) callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
      else callback(null, reply);
    },
    watch(call) {
      const { service } = call.request;
      let calls = watchers.get(service);
      if (calls === undefined) watchers.set(service, (calls = new Set()));
      calls.add(call);
      call.on('cancelled', () => calls.delete(call));
      call.write(replies.get(service) ?? SERVICE_UNKNOWN);
    },
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  return {
    port,
    set(service, status) {
      const reply = encodeStatus(status);
      replies.set(service, reply);
      for (const call of watchers.get(service) ?? []) call.write(reply);
    },
    openStreams: () => watchers.get('')?.size ?? 0,
  };
}
