import { Subscription } from 'rxjs';
import { SERVER_SERVICE, type HealthRegistry } from '../registry/health-registry.js';
import type { HealthTimeline } from '../registry/health-timeline.js';
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
 * status and since when (every registered service, or the one `service`), a `ready` event,
 * then a `status` event per change. The stream of every service also sends `shutdown`
 * (`{shutdown, at}`) first and on each shutdown and resume, and `timeline` (the entries of
 * `timeline`, when given) before `ready`. A comment line every `heartbeatIntervalMs` keeps proxies from closing an
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
  timeline?: Pick<HealthTimeline, 'entries'>,
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
      const writer = new SseWriter(res, { everyService: service === undefined, since: (name) => registry.changedAt(name) });
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
      if (service === undefined) followAll(registry, writer, stream, end, timeline);
      else followOne(registry, service, writer, stream, end);
    }),
  );
}

function followAll(
  registry: HealthRegistry,
  writer: SseWriter,
  subscription: Subscription,
  end: () => void,
  timeline: Pick<HealthTimeline, 'entries'> | undefined,
): void {
  subscription.add(registry.changes().subscribe((change) => writer.status(change.service, change.status)));
  let replayed = true;
  subscription.add(
    registry.watchShutdown().subscribe((shutdown) => {
      // The state at connect is not news: it started when the timeline says, if it knows.
      const at = replayed ? startedAt(timeline, shutdown) : Date.now();
      replayed = false;
      writer.event('shutdown', at === undefined ? { shutdown } : { shutdown, at });
    }),
  );
  const snapshot = sortedStatuses(registry);
  for (const entry of snapshot) writer.status(entry.service, entry.status);
  if (timeline) writer.event('timeline', { entries: timeline.entries() });
  // `now` lets the page show "for 5 min" by the server's clock, not the browser's.
  writer.event('ready', { services: snapshot.length, now: Date.now() });
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

// When the timeline saw the shutdown (or resume) now in force begin.
function startedAt(timeline: Pick<HealthTimeline, 'entries'> | undefined, shutdown: boolean): number | undefined {
  const entries = timeline?.entries() ?? [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if ('shutdown' in entry) return entry.shutdown === shutdown ? entry.at : undefined;
  }
  return undefined;
}
