// Many Watch streams on a few raw node:http2 sessions (far lighter than a gRPC library), driven
// by the runner over IPC. Every stream watches the service "" and remembers its latest status.
import http2 from 'node:http2';
import { STATUS, createStatusReader, encodeService, grpcFrame } from '../lib/wire.mjs';
import { answerParent } from '../lib/child.mjs';

const HEADERS = {
  ':method': 'POST',
  ':path': '/grpc.health.v1.Health/Watch',
  'content-type': 'application/grpc',
  te: 'trailers',
};
const BODY = grpcFrame(encodeService(''));

let sessions = [];
let streams = [];
// Fan-out: the status the runner expects next, and how many streams have seen it.
let target = -1;
let reached = 0;

function connect(port) {
  const session = http2.connect(`http://127.0.0.1:${port}`, { peerMaxConcurrentStreams: 1 << 30 });
  session.on('error', () => {});
  return new Promise((resolve) => session.once('remoteSettings', () => resolve(session)));
}

// Opens one stream; resolves once its first status has arrived.
function openStream(session) {
  return new Promise((resolve, reject) => {
    const stream = session.request(HEADERS);
    const state = { stream, status: -1, seen: false };
    stream.on('error', () => {});
    stream.on('close', () => state.status === -1 && reject(new Error(`Watch closed (${stream.rstCode})`)));
    stream.on(
      'data',
      createStatusReader((status) => {
        if (state.status === -1) resolve(state);
        state.status = status;
        if (status === target && !state.seen) {
          state.seen = true;
          if (++reached === streams.length) process.send({ reached: target, at: String(process.hrtime.bigint()) });
        }
      }),
    );
    stream.end(BODY);
  });
}

function cancel(state) {
  return new Promise((resolve) => {
    if (state.stream.closed) return resolve();
    state.stream.once('close', resolve);
    state.stream.close(http2.constants.NGHTTP2_CANCEL);
  });
}

const operations = {
  // Opens streams until `count` are open, spread over `sessionCount` sessions.
  async open({ port, count, sessionCount }) {
    while (sessions.length < sessionCount) sessions.push(await connect(port));
    const opening = [];
    for (let i = streams.length; i < count; i++) opening.push(openStream(sessions[i % sessions.length]));
    streams.push(...(await Promise.all(opening)));
    return { open: streams.length };
  },
  // Arms the fan-out count: a `{reached, at}` message follows when every stream has `status`.
  expect({ status }) {
    target = STATUS[status];
    reached = 0;
    for (const state of streams) state.seen = false;
    return {};
  },
  pause() {
    for (const { stream } of streams) stream.pause();
    return {};
  },
  async cancelAll() {
    const start = performance.now();
    await Promise.all(streams.map(cancel));
    streams = [];
    return { ms: performance.now() - start };
  },
  // Opens and cancels `total` streams, `concurrency` at a time, each after its first status.
  // NOTE: a session is replaced after `perSession` streams: Node's HTTP/2 server takes many
  // cancels on one connection for a "rapid reset" attack and drops the connection.
  async churn({ port, total, concurrency, sessionCount, perSession = 200 }) {
    const lanes = [];
    for (let i = 0; i < sessionCount; i++) lanes.push({ session: await connect(port), carried: 0 });
    let started = 0;
    const start = performance.now();
    const worker = async (index) => {
      while (started < total) {
        started++;
        const lane = lanes[index % lanes.length];
        if (lane.carried >= perSession) {
          lane.carried = 0;
          const old = lane.session;
          lane.session = connect(port);
          Promise.resolve(old).then((session) => session.close());
        }
        lane.carried++;
        await cancel(await openStream(await lane.session));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
    for (const lane of lanes) (await lane.session).close();
    return { ms: performance.now() - start };
  },
};

answerParent(operations);
