// The HTTP half of `npm run soak`'s hostile mix (issue 11): event streams pipelined on one
// HTTP/1.1 connection, abandoned before an async step reaches the handler, stalled (read the
// snapshot, then never again), and HTTP/2 streams cancelled or with their session destroyed,
// under set/clear churn. Afterwards nothing may stay subscribed and the heap must be back where
// it started. Imported by scripts/soak.mjs, which owns the registry and the checks.
import { once } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Observable } from 'rxjs';
import { createHealthHttpHandler } from '../dist/esm/http/index.js';

const STREAMS_PER_PIPELINE = 25;

/**
 * Runs `rounds` rounds of about `streamsPerRound` hostile event-stream requests against a
 * node:http and a node:http2 server sharing `registry` (after one warm-up round), and reports
 * through `check` whether every subscription was released within a second of the connections
 * going, and whether the heap and the registry's counts came back to where they started.
 */
export async function hostileHttpMix({ registry, rounds, streamsPerRound, heap, check, until, mib }) {
  // NOTE: changes() (what the all-services stream follows) keeps no count of its own.
  let changeSubscribers = 0;
  const changes = registry.changes;
  registry.changes = () =>
    new Observable((subscriber) => {
      changeSubscribers++;
      const subscription = changes.call(registry).subscribe(subscriber);
      return () => {
        changeSubscribers--;
        subscription.unsubscribe();
      };
    });
  const http1Handler = createHealthHttpHandler(registry, { maxWatchers: 10_000, heartbeatInterval: 1_000 });
  const http2Handler = createHealthHttpHandler(registry, { maxWatchers: 10_000, heartbeatInterval: 1_000 });
  // `?auth` takes an async step before the handler, as an auth middleware would.
  const http1 = http.createServer((req, res) => (req.url.includes('auth') ? setTimeout(() => http1Handler(req, res), 20) : http1Handler(req, res)));
  const h2 = http2.createServer(http2Handler);
  for (const server of [http1, h2]) server.listen(0, '127.0.0.1');
  await Promise.all([once(http1, 'listening'), once(h2, 'listening')]);
  const ports = { http1: http1.address().port, h2: h2.address().port };
  const held = () => ({
    watchers: registry.watcherCount,
    changes: changeSubscribers,
    http1: http1Handler.watcherCount,
    http2: http2Handler.watcherCount,
  });
  const idle = () => Object.values(held()).every((count) => count === 0);

  let seed = 15;
  // The high bits of a power-of-two LCG: its low bits repeat with a short period.
  const random = (n) => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
  const statsBefore = JSON.stringify(registry.stats());
  const mix = { ports, random, held };
  await hostileHttpRound(registry, mix, streamsPerRound, 'warm');
  await until(10_000, 'the warm-up streams to be released', idle);
  const before = await heap();
  const started = performance.now();
  const afterRounds = [];
  let slowestRelease = 0;
  let peak = held();
  for (let round = 0; round < rounds; round++) {
    const result = await hostileHttpRound(registry, mix, streamsPerRound, round);
    if (result.peak.watchers > peak.watchers) peak = result.peak;
    const gone = performance.now();
    await until(30_000, 'every HTTP stream to be released', idle);
    slowestRelease = Math.max(slowestRelease, performance.now() - gone);
    afterRounds.push(await heap());
  }
  http1.closeAllConnections();
  await Promise.all([new Promise((resolve) => http1.close(resolve)), new Promise((resolve) => h2.close(resolve))]);
  registry.changes = changes;
  const after = afterRounds.at(-1);
  const statsAfter = JSON.stringify(registry.stats());
  console.log(`  heap after each hostile HTTP round: ${afterRounds.map((b) => (b / 1024 / 1024).toFixed(2)).join(' ')} MiB`);
  check(
    slowestRelease < 1_000 && idle() && statsAfter === statsBefore && after - before < 2 * 1024 * 1024,
    `hostile HTTP mix: ${rounds} rounds of ~${streamsPerRound} event streams (pipelined, abandoned before an async handler, ` +
      `stalled, HTTP/2 cancelled or destroyed; ${JSON.stringify(peak)} held at the peak) under 20,000 sets/clears each, ` +
      `in ${(performance.now() - started).toFixed(0)} ms: every stream released within ${slowestRelease.toFixed(0)} ms of its ` +
      `connection going; heap ${mib(before)} -> ${mib(after)}; registry ${statsBefore} -> ${statsAfter}; now ${JSON.stringify(held())}`,
  );
}

/** One round of {@link hostileHttpMix}: opens the streams, churns, then drops every connection. */
async function hostileHttpRound(registry, { ports, random, held }, count, round) {
  const path = (i) => {
    const kind = random(4);
    if (kind === 0) return '/healthz/watch';
    if (kind === 1) return `/healthz/watch/hot-${random(50)}`;
    if (kind === 2) return `/healthz/watch/random-${round}-${i}`;
    return '/healthz/watch/';
  };
  const sockets = [];
  const ready = [];
  const raw = (requests, { stall = false } = {}) => {
    const socket = net.connect(ports.http1, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(requests.map((target) => `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
    const first = new Promise((resolve) => socket.once('data', resolve));
    if (stall) first.then(() => socket.pause());
    else socket.resume();
    sockets.push(socket);
    return first;
  };
  const quarter = Math.floor(count / 4);
  // Pipelined: 25 streams on each connection; only the first can answer while it lives.
  for (let i = 0; i < quarter; i += STREAMS_PER_PIPELINE) {
    ready.push(raw(Array.from({ length: STREAMS_PER_PIPELINE }, (_, k) => path(i + k))));
  }
  // Stalled: read the snapshot, then never again while the statuses churn.
  for (let i = 0; i < quarter; i++) ready.push(raw([path(i)], { stall: true }));
  // Abandoned: gone before the async step brings the request to the handler.
  for (let i = 0; i < quarter; i++) {
    const socket = net.connect(ports.http1, '127.0.0.1');
    socket.on('error', () => {});
    socket.end(`GET /healthz/watch?auth HTTP/1.1\r\nHost: x\r\n\r\n`, () => socket.destroy());
  }
  // HTTP/2: 25 streams per session.
  const sessions = [];
  for (let i = 0; i < quarter; i += 25) {
    const session = http2.connect(`http://127.0.0.1:${ports.h2}`);
    session.on('error', () => {});
    const streams = Array.from({ length: 25 }, (_, k) => {
      const stream = session.request({ ':path': path(i + k) });
      stream.on('error', () => {});
      ready.push(once(stream, 'response'));
      stream.resume();
      return stream;
    });
    sessions.push({ session, streams });
  }
  await Promise.all(ready);
  for (let i = 0; i < 20_000; i++) {
    if (i % 2 === 0) registry.set(`hot-${random(50)}`, random(2) ? 'SERVING' : 'NOT_SERVING');
    else registry.clear(`hot-${random(50)}`);
    if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  const peak = held();
  for (let i = 0; i < 50; i++) registry.clear(`hot-${i}`);
  for (const socket of sockets) socket.destroy();
  sessions.forEach(({ session, streams }, i) => {
    if (i % 2 === 0) return void session.destroy();
    for (const stream of streams) stream.close(http2.constants.NGHTTP2_CANCEL);
    session.close();
  });
  return { peak };
}
