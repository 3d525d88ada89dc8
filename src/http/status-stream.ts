import { Subscription } from 'rxjs';
import { SERVER_SERVICE, type HealthRegistry } from '../registry/health-registry.js';
import { sortedStatuses } from './check-response.js';
import { whenWritable, type HealthRequest, type HealthResponse, type OpenStreams } from './open-streams.js';
import { COMMON_HEADERS } from './send-response.js';
import { SseWriter } from './sse-writer.js';

/** How a status stream keeps its connection alive; see `HealthHttpOptions`. */
export interface StatusStreamTimings {
  heartbeatIntervalMs: number;
  retryMs: number;
}

const STREAM_HEADERS = Object.freeze({
  ...COMMON_HEADERS,
  'content-type': 'text/event-stream; charset=utf-8',
  // nginx buffers proxied responses unless told not to, which would hold events back.
  'x-accel-buffering': 'no',
});

/** Answers a HEAD of an event stream: the headers a GET would get, no body, no subscription. */
export function sendStreamHead(res: HealthResponse): void {
  res.writeHead(200, STREAM_HEADERS);
  res.end();
}

/**
 * Streams statuses as Server-Sent Events: a `status` event per service with its current
 * status (every registered service, or the one `service`), a `ready` event, then a `status`
 * event per change. A comment line every `heartbeatIntervalMs` keeps proxies from closing an
 * idle connection. The stream ends with an `end` event when `registry.endWatches()` is called;
 * when the connection goes (see {@link OpenStreams}), every subscription is released. A
 * stream whose connection is already gone subscribes to nothing.
 */
export function streamStatuses(
  registry: HealthRegistry,
  req: HealthRequest,
  res: HealthResponse,
  service: string | undefined,
  timings: StatusStreamTimings,
  streams: OpenStreams,
): void {
  // Everything the stream holds: its subscriptions, its heartbeat, its place in its budget.
  const stream = new Subscription();
  const release = streams.open(req, res, () => stream.unsubscribe());
  if (release === undefined) return;
  stream.add(release);
  stream.add(
    whenWritable(res, () => {
      stream.add(streams.countWatch());
      res.writeHead(200, STREAM_HEADERS);
      const writer = new SseWriter(res, { everyService: service === undefined });
      const heartbeat = setInterval(() => writer.raw(': heartbeat\n\n'), timings.heartbeatIntervalMs);
      heartbeat.unref();
      stream.add(() => clearInterval(heartbeat));
      writer.raw(`retry: ${timings.retryMs}\n\n`);
      const end = () => {
        if (stream.closed) return;
        stream.unsubscribe();
        writer.event('end', {});
        writer.drainAll();
        res.end();
      };
      if (service === undefined) followAll(registry, writer, stream, end);
      else followOne(registry, service, writer, stream, end);
    }),
  );
}

function followAll(registry: HealthRegistry, writer: SseWriter, subscription: Subscription, end: () => void): void {
  subscription.add(registry.changes().subscribe((change) => writer.status(change.service, change.status)));
  const snapshot = sortedStatuses(registry);
  for (const entry of snapshot) writer.status(entry.service, entry.status);
  writer.event('ready', { services: snapshot.length });
  // NOTE: changes() never completes; endWatches() ends every watch, the server's own
  // included, so that watch is how this stream learns it should end too. A watch that
  // completes during subscribe (endWatches after shutdown) has already closed
  // `subscription`; add() then releases what it is given at once.
  subscription.add(registry.watch(SERVER_SERVICE).subscribe({ complete: end }));
}

function followOne(registry: HealthRegistry, service: string, writer: SseWriter, subscription: Subscription, end: () => void): void {
  let first = true;
  subscription.add(
    registry.watch(service).subscribe({
      next: (status) => {
        writer.status(service, status);
        if (first) writer.event('ready', { services: 1 });
        first = false;
      },
      complete: end,
    }),
  );
}
