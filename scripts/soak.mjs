// `npm run soak`: the reliability numbers of issue 4 at full size (a few minutes on a loaded
// machine), the hostile mix of issue 11 (SOAK_HOSTILE_ROUNDS rounds, default 5: the gRPC half
// here, the HTTP half in scripts/soak-http.mjs), then churn and flapping repeated for
// SOAK_SECONDS more (default 60). Prints heap figures; exits 1 when a check fails. Runs against
// dist/ (npm run soak builds first) with --expose-gc.
import { once } from 'node:events';
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { createChannel, createClient, createServer } from 'nice-grpc';
import { HealthDefinition, HealthRegistry, createHealthService } from '../dist/esm/index.js';
import { addHealthService } from '../dist/esm/grpc-js/index.js';
import { watchHealth } from '../dist/esm/remote/index.js';
import { hostileHttpMix } from './soak-http.mjs';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (npm run soak does)');

const registry = new HealthRegistry();
const server = createServer();
server.add(HealthDefinition, createHealthService(registry));
const address = `127.0.0.1:${await server.listen('127.0.0.1:0')}`;
registry.set('db', 'SERVING');

const turn = () => new Promise((resolve) => setImmediate(resolve));
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
let failures = 0;
function check(ok, what) {
  if (!ok) failures++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
async function heap() {
  const readings = [];
  for (let i = 0; i < 7; i++) {
    await turn();
    globalThis.gc();
    globalThis.gc();
    readings.push(process.memoryUsage().heapUsed);
  }
  return readings.sort((a, b) => a - b)[3];
}
async function until(ms, what, condition) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await turn();
  }
}

/** A raw Watch call: its decoded statuses, so that the soak can stop reading on purpose. */
function rawWatch(session, service) {
  const stream = session.request({ ':method': 'POST', ':path': HealthDefinition.watch.path, 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => {});
  const body = HealthDefinition.watch.requestSerialize({ service });
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, 5);
  stream.end(frame);
  const statuses = [];
  let pending = Buffer.alloc(0);
  const read = (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
      statuses.push(HealthDefinition.watch.responseDeserialize(pending.subarray(5, 5 + pending.readUInt32BE(1))).status);
      pending = pending.subarray(5 + pending.readUInt32BE(1));
    }
  };
  stream.on('data', read);
  return { stream, statuses };
}
function connect(to = address) {
  const session = http2.connect(`http://${to}`);
  session.on('error', () => {});
  return session;
}

async function flapping(streams, flips, round) {
  const channel = createChannel(address);
  const client = createClient(HealthDefinition, channel);
  const service = `flappy-${round}`;
  const watchers = Array.from({ length: streams }, () => {
    const controller = new AbortController();
    const seen = [];
    const done = (async () => {
      for await (const { status } of client.watch({ service }, { signal: controller.signal })) seen.push(status);
    })().catch(() => {});
    return { controller, seen, done };
  });
  await until(60_000, 'first messages', () => watchers.every((w) => w.seen.length > 0));
  const started = performance.now();
  for (let i = 0; i < flips; i++) {
    registry.set(service, i % 2 === 0 ? 'SERVING' : 'NOT_SERVING');
    if (i % 2_000 === 1_999) await turn();
  }
  const final = (flips - 1) % 2 === 0 ? 'SERVING' : 'NOT_SERVING';
  await until(60_000, 'the final status everywhere', () => watchers.every((w) => w.seen.at(-1) === final));
  const delivered = watchers.reduce((sum, w) => sum + w.seen.length, 0);
  const repeats = watchers.filter((w) => w.seen.some((s, i) => i > 0 && s === w.seen[i - 1])).length;
  for (const w of watchers) w.controller.abort();
  await Promise.all(watchers.map((w) => w.done));
  channel.close();
  registry.clear(service);
  await until(30_000, 'watchers to leave', () => registry.watcherCount === 0);
  check(repeats === 0, `flapping: ${streams} streams x ${flips} flips in ${(performance.now() - started).toFixed(0)} ms, ${delivered} messages, every stream on ${final}, no repeats`);
}

async function slowConsumer(flips) {
  const session = connect();
  const { stream, statuses } = rawWatch(session, 'slow');
  await until(5_000, 'the first message', () => statuses.length > 0);
  stream.pause();
  let changes = 0;
  const change = () => (++changes % 2 === 0 ? registry.clear('slow') : registry.set('slow', 'NOT_SERVING'));
  await until(60_000, 'the window to fill', () => (change(), stream.state.localWindowSize < 1024));
  for (let i = 0; i < 1_000; i++) (change(), await turn());
  const before = await heap();
  for (let i = 0; i < flips; i++) {
    change();
    if (i % 10_000 === 9_999) await turn();
  }
  const after = await heap();
  registry.set('slow', 'SERVING');
  const read = statuses.length;
  stream.resume();
  await until(60_000, 'the newest status', () => statuses.length > read && statuses.at(-1) === 'SERVING');
  check(after - before < 2 * 1024 * 1024, `slow consumer: ${flips} flips while not reading: heap ${mib(before)} -> ${mib(after)}; then read ${statuses.length} messages, the last SERVING`);
  session.destroy();
  registry.clear('slow');
  await until(10_000, 'the watcher to leave', () => registry.watcherCount === 0);
}

async function churn(count, round) {
  const sessions = Array.from({ length: 100 }, connect);
  const calls = Array.from({ length: count }, (_, i) =>
    rawWatch(sessions[i % 100], i % 3 === 0 ? 'db' : i % 3 === 1 ? '' : `unknown-${round}-${i}`),
  );
  await until(120_000, 'first messages', () => calls.every((c) => c.statuses.length > 0));
  const held = registry.stats();
  calls.forEach((c, i) => i % 100 % 2 === 0 && c.stream.close(http2.constants.NGHTTP2_CANCEL));
  sessions.forEach((s, i) => (i % 2 === 0 ? s.close() : s.destroy()));
  await until(60_000, 'every subscription released', () => registry.watcherCount === 0);
  return held;
}

async function unknownNames(total) {
  const started = performance.now();
  for (let batch = 0; batch < total / 100; batch++) {
    const session = connect();
    const calls = Array.from({ length: 100 }, (_, k) => rawWatch(session, `random-${batch}-${k}`));
    await until(30_000, 'first messages', () => calls.every((c) => c.statuses.length > 0));
    for (const c of calls) c.stream.close(http2.constants.NGHTTP2_CANCEL);
    session.close();
    await once(session, 'close');
  }
  await until(30_000, 'every subscription released', () => registry.watcherCount === 0);
  const stats = registry.stats();
  check(stats.subjects === 2 && stats.watchers === 0, `${total} unknown names watched over the wire in ${(performance.now() - started).toFixed(0)} ms: ${JSON.stringify(stats)}`);
}

async function shutdown(streams) {
  const sessions = Array.from({ length: 10 }, connect);
  const calls = Array.from({ length: streams }, (_, i) => rawWatch(sessions[i % 10], i % 2 ? 'db' : ''));
  await until(60_000, 'first messages', () => calls.every((c) => c.statuses.length > 0));
  const started = performance.now();
  registry.shutdown();
  registry.endWatches();
  await server.shutdown();
  const took = performance.now() - started;
  const notServing = calls.every((c) => c.statuses.at(-1) === 'NOT_SERVING');
  sessions.forEach((s) => s.destroy());
  check(took < 1_000 && notServing, `shutdown with ${streams} Watch streams: ${took.toFixed(0)} ms, each saw NOT_SERVING last`);
}


/**
 * The hostile mix of issue 11 (gRPC side): per round, Watch calls on random names (registered,
 * unknown, and too long to be registered) against both server kinds sharing one registry, a
 * third of them on connections that stop reading (stalled readers), while services are set and
 * cleared at random; then every call is cancelled or its connection destroyed. Reports heap and
 * registry counts before and after: back to baseline, nothing left subscribed.
 */
async function hostileGrpcMix(rounds, callsPerRound) {
  const grpcJs = new grpc.Server();
  addHealthService(grpcJs, registry);
  const grpcJsPort = await new Promise((resolve, reject) =>
    grpcJs.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
  const targets = [address, `127.0.0.1:${grpcJsPort}`];
  let seed = 11;
  const random = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const statsBefore = JSON.stringify(registry.stats());
  await hostileGrpcRound(targets, callsPerRound, random); // warms both servers up
  const before = await heap();
  const started = performance.now();
  const afterRounds = [];
  let peak = 0;
  for (let round = 0; round < rounds; round++) {
    peak = Math.max(peak, await hostileGrpcRound(targets, callsPerRound, random));
    afterRounds.push(await heap());
  }
  grpcJs.forceShutdown();
  const after = afterRounds.at(-1);
  const statsAfter = JSON.stringify(registry.stats());
  console.log(`  heap after each hostile round: ${afterRounds.map((b) => (b / 1024 / 1024).toFixed(2)).join(' ')} MiB`);
  check(
    statsAfter === statsBefore && after - before < 2 * 1024 * 1024,
    `hostile gRPC mix: ${rounds} rounds of ${callsPerRound} Watch calls on random names (both server kinds, a third stalled, ` +
      `${peak} open at the peak) under 20,000 sets/clears each, in ${(performance.now() - started).toFixed(0)} ms: ` +
      `heap ${mib(before)} -> ${mib(after)}; registry ${statsBefore} -> ${statsAfter}`,
  );
}

/** One round of {@link hostileGrpcMix}; resolves to the Watch calls open at its peak, once all are released. */
async function hostileGrpcRound(targets, count, random) {
  const name = () => {
    const kind = random(10);
    if (kind < 3) return `svc-${random(50)}`; // set and cleared below
    if (kind < 9) return `random-${random(1e9)}`; // never set
    return 'L'.repeat(4097 + random(10_000)); // longer than the registry's limit: no subject
  };
  const sessions = Array.from({ length: 30 }, (_, i) => connect(targets[i % 2]));
  const calls = Array.from({ length: count }, (_, i) => ({ session: i % 30, ...rawWatch(sessions[i % 30], name()) }));
  await until(120_000, 'first messages', () => calls.every((c) => c.statuses.length > 0));
  // Connections 0-9 stop reading: their streams stall while statuses change under them.
  for (const c of calls) if (c.session < 10) c.stream.pause();
  for (let i = 0; i < 20_000; i++) {
    const service = `svc-${random(50)}`;
    if (random(3) === 0) registry.clear(service);
    else registry.set(service, random(2) === 0 ? 'SERVING' : 'NOT_SERVING');
    if (i % 1_000 === 999) await turn();
  }
  const peak = registry.watcherCount;
  // Every call on a third of the connections is cancelled, then its connection closed
  // gracefully; half the calls elsewhere are cancelled, and the connections destroyed.
  const closed = sessions.map((s) => once(s, 'close'));
  calls.forEach((c, i) => (c.session % 3 === 0 || i % 2 === 0) && c.stream.close(http2.constants.NGHTTP2_CANCEL));
  sessions.forEach((s, i) => (i % 3 === 0 ? s.close() : s.destroy()));
  await until(60_000, 'every Watch of the round released', () => registry.watcherCount === 0);
  await Promise.all(closed);
  for (let i = 0; i < 50; i++) registry.clear(`svc-${i}`);
  return peak;
}

// --- Remote health: watchHealth() subscriptions through server restarts (issue 16) ---------
// `subscriptions` watchHealth() subscriptions on one channel, against a backend that is cut
// off (forceShutdown, as a crash) and started again on the same port `restarts` times. Each
// outage must reach every subscription as NOT_SERVING, each restart bring every one back to
// SERVING; after the last, the backend's final status must reach every one, and unsubscribing
// must leave no Watch call on the backend and the heap where it was.
async function remoteWatches(subscriptions, restarts) {
  const backend = new HealthRegistry();
  backend.set('orders', 'SERVING');
  let server;
  let port = 0;
  const listen = async () => {
    server = createServer();
    server.add(HealthDefinition, createHealthService(backend));
    port = await server.listen(`127.0.0.1:${port}`);
  };
  await listen();
  // Short waits, ours and the channel's, so that 20 restarts take seconds, not minutes.
  const channel = createChannel(`127.0.0.1:${port}`, undefined, { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1_000 });
  const options = { initialBackoffMs: 100, maxBackoffMs: 1_000 };
  const run = async (count, rounds) => {
    const last = new Array(count);
    let failed = 0;
    const subs = Array.from({ length: count }, (_, i) =>
      watchHealth(channel, 'orders', { ...options, onFailure: () => failed++ }).subscribe((status) => (last[i] = status)),
    );
    const all = (status) => () => last.every((seen) => seen === status) && last.length === count && !last.includes(undefined);
    await until(60_000, 'every subscription SERVING', all('SERVING'));
    const heapActive = await heap();
    const outages = [];
    const recoveries = [];
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      server.forceShutdown();
      await until(60_000, `round ${round}: every subscription NOT_SERVING`, all('NOT_SERVING'));
      outages.push(performance.now() - started);
      started = performance.now();
      await listen();
      await until(60_000, `round ${round}: every subscription SERVING again`, all('SERVING'));
      recoveries.push(performance.now() - started);
    }
    backend.set('orders', 'NOT_SERVING'); // the final status, after the last restart
    await until(60_000, 'every subscription on the final status', all('NOT_SERVING'));
    const watching = backend.watcherCount;
    subs.forEach((sub) => sub.unsubscribe());
    await until(10_000, 'the backend to see every Watch cancelled', () => backend.watcherCount === 0);
    backend.set('orders', 'SERVING');
    return { heapActive, outages, recoveries, failed, watching };
  };
  // Warm-up, the same run: code compiled, pools grown, and grpc-js's own per-reconnect records
  // (they grow with each reconnect up to a cap: ~1.8 MiB over the first ~50 restarts here, with
  // or without watchHealth) filled before the baseline.
  await run(subscriptions, restarts);
  const baseline = await heap();
  const result = await run(subscriptions, restarts);
  const end = await heap();
  channel.close();
  server.forceShutdown();
  const ms = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? 'n/a' : `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms`;
  };
  console.log(`  remote: ${subscriptions} subscriptions held ${mib(result.heapActive - baseline)} (${((result.heapActive - baseline) / subscriptions / 1024).toFixed(1)} KiB each); ${result.failed} failed attempts over ${restarts} restarts`);
  console.log(`  remote: outage seen by all in ${ms(result.outages)}; back to SERVING in ${ms(result.recoveries)}`);
  check(result.watching === subscriptions, `remote: ${subscriptions} watchHealth() subscriptions through ${restarts} restarts on the same port, every one on the final status (${result.watching} Watch calls on the backend, one each)`);
  check(end - baseline < 1024 * 1024, `remote: unsubscribed, nothing left on the backend; heap ${mib(baseline)} -> ${mib(end)}`);
}

console.log(`soak: full-size checks, then ${seconds} s of endurance; server on ${address}`);
const start = await heap();
await flapping(1_000, 100_000, 0);
await slowConsumer(1_000_000);
await churn(10_000, 'warm');
const baseline = await heap();
const held = await churn(10_000, 'first');
const afterChurn = await heap();
check(afterChurn - baseline < 1024 * 1024, `churn: 10,000 streams (held ${JSON.stringify(held)}): heap ${mib(baseline)} -> ${mib(afterChurn)}`);
await unknownNames(100_000);
await hostileGrpcMix(Number(process.env.SOAK_HOSTILE_ROUNDS ?? 5), 3_000);
await hostileHttpMix({ registry, rounds: Number(process.env.SOAK_HOSTILE_ROUNDS ?? 5), streamsPerRound: 2_000, heap, check, until, mib });
let rounds = 0;
const deadline = Date.now() + seconds * 1_000;
const afterChurns = [];
const afterFlaps = [];
while (Date.now() < deadline) {
  await churn(10_000, `endurance-${rounds}`);
  afterChurns.push(await heap());
  await flapping(100, 100_000, rounds + 1);
  afterFlaps.push(await heap());
  rounds++;
}
console.log(`  heap after each churn round: ${afterChurns.map((b) => (b / 1024 / 1024).toFixed(2)).join(' ')} MiB`);
console.log(`  heap after each flapping round: ${afterFlaps.map((b) => (b / 1024 / 1024).toFixed(2)).join(' ')} MiB`);
const end = await heap();
check(end - baseline < 2 * 1024 * 1024, `endurance: ${rounds} more rounds of 10,000 streams and 100,000 flips: heap ${mib(start)} at start, ${mib(baseline)} warm, ${mib(end)} at the end`);
check(JSON.stringify(registry.stats()) === JSON.stringify({ services: 2, subjects: 2, watchers: 0, bindings: 0 }), `registry left as it started: ${JSON.stringify(registry.stats())}`);
await remoteWatches(Number(process.env.SOAK_REMOTE_SUBSCRIPTIONS ?? 1_000), Number(process.env.SOAK_REMOTE_RESTARTS ?? 20));
await shutdown(1_000);
console.log(failures === 0 ? 'soak: all checks passed' : `soak: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
