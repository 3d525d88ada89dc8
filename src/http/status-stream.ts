import type { ServerResponse } from 'node:http';
import { Subscription } from 'rxjs';
import { SERVER_SERVICE, type HealthRegistry } from '../registry/health-registry.js';
import { sortedStatuses } from './check-response.js';
import { COMMON_HEADERS } from './send-response.js';
import { SseWriter } from './sse-writer.js';

/** How a status stream keeps its connection alive; see `HealthHttpOptions`. */
export interface StatusStreamTimings {
  heartbeatInterval: number;
  retry: number;
}

const STREAM_HEADERS = Object.freeze({
  ...COMMON_HEADERS,
  'content-type': 'text/event-stream; charset=utf-8',
  // nginx buffers proxied responses unless told not to, which would hold events back.
  'x-accel-buffering': 'no',
});

/**
 * Streams statuses as Server-Sent Events: a `status` event per service with its current
 * status (every registered service, or the one `service`), a `ready` event, then a `status`
 * event per change. A comment line every `heartbeatInterval` keeps proxies from closing an
 * idle connection. The stream ends with an `end` event when `registry.endWatches()` is called;
 * when the client goes away, every subscription is released.
 */
export function streamStatuses(
  registry: HealthRegistry,
  res: ServerResponse,
  service: string | undefined,
  timings: StatusStreamTimings,
  head: boolean,
): void {
  res.writeHead(200, STREAM_HEADERS);
  if (head) {
    res.end();
    return;
  }
  const writer = new SseWriter(res);
  const subscription = new Subscription();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    subscription.unsubscribe();
  };
  const end = () => {
    if (!open) return;
    close();
    writer.event('end', {});
    writer.drainAll();
    res.end();
  };
  const heartbeat = setInterval(() => writer.raw(': heartbeat\n\n'), timings.heartbeatInterval);
  heartbeat.unref();
  res.once('close', close);
  res.once('error', close); // a write to a connection that just broke: handled, and released
  writer.raw(`retry: ${timings.retry}\n\n`);

  if (service === undefined) {
    subscription.add(registry.changes().subscribe((change) => writer.status(change.service, change.status)));
    const snapshot = sortedStatuses(registry);
    for (const entry of snapshot) writer.status(entry.service, entry.status);
    writer.event('ready', { services: snapshot.length });
    // NOTE: changes() never completes; endWatches() ends every watch, the server's own
    // included, so that watch is how this stream learns it should end too.
    subscription.add(registry.watch(SERVER_SERVICE).subscribe({ complete: end }));
  } else {
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
  // NOTE: a watch that completes during subscribe (endWatches after shutdown) has already
  // closed `subscription`; add() then releases what it is given at once.
}
