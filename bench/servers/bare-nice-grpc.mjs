// The limit through nice-grpc: a handler doing the least possible work. Check answers a
// pre-encoded reply from a Map; Watch is an async generator that waits for a change.
import { ServerError, Status, createServer } from 'nice-grpc';
import { bareHealthDefinition, encodeStatus } from '../lib/wire.mjs';

const definition = bareHealthDefinition();
const SERVICE_UNKNOWN = encodeStatus('SERVICE_UNKNOWN');

export async function start() {
  const replies = new Map([['', encodeStatus('SERVING')]]);
  // Each waiting Watch leaves a wake-up function here; a change (or its abort) calls it.
  const waiting = new Set();
  let open = 0;
  const server = createServer();
  server.add(definition, {
    async check({ service }) {
      const reply = replies.get(service);
      if (reply === undefined) throw new ServerError(Status.NOT_FOUND, 'unknown service');
      return reply;
    },
    async *watch({ service }, { signal }) {
      open++;
      let wake;
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort);
      try {
        let last;
        while (!signal.aborted) {
          const reply = replies.get(service) ?? SERVICE_UNKNOWN;
          if (reply !== last) yield (last = reply);
          await new Promise((resolve) => waiting.add((wake = resolve)));
          waiting.delete(wake);
        }
      } finally {
        waiting.delete(wake);
        signal.removeEventListener('abort', onAbort);
        open--;
      }
    },
  });
  const port = await server.listen('127.0.0.1:0');
  return {
    port,
    set(service, status) {
      replies.set(service, encodeStatus(status));
      for (const wake of waiting) wake();
    },
    openStreams: () => open,
  };
}
