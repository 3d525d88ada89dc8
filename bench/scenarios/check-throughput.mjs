// Check throughput and latency, driven by h2load (a Node load generator saturates first).
// Every implementation's server runs for the whole round; the load then visits them in short
// slices, A B C ... C B A ..., so that the machine's other load falls on all of them alike.
import http2 from 'node:http2';
import { startChild } from '../lib/child.mjs';
import { runH2load } from '../lib/h2load.mjs';
import { percentile } from '../lib/stats.mjs';
import { encodeService, grpcFrame } from '../lib/wire.mjs';

const PATH = '/grpc.health.v1.Health/Check';

// One Check over raw HTTP/2 first: h2load counts HTTP 200s, so a server answering every call
// with a gRPC error would look fast.
async function checkOnce(port) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  try {
    const stream = session.request({ ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    const trailers = await new Promise((resolve, reject) => {
      stream.on('trailers', resolve);
      stream.on('error', reject);
      stream.on('close', () => reject(new Error('Check ended without trailers')));
      stream.end(grpcFrame(encodeService('')));
    });
    const body = Buffer.concat(chunks);
    if (trailers['grpc-status'] !== '0' || body[5] !== 0x08 || body[6] !== 1) {
      throw new Error(`Check answered grpc-status ${trailers['grpc-status']}, body ${body.toString('hex')}`);
    }
  } finally {
    session.close();
  }
}

export default {
  id: 'check',
  title: 'Check throughput and latency (h2load)',
  metrics: [
    { id: 'reqPerSec', label: 'Check throughput', unit: 'req/s', better: 'higher' },
    { id: 'p50', label: 'Check latency p50', unit: 'ms', better: 'lower' },
    { id: 'p99', label: 'Check latency p99', unit: 'ms', better: 'lower' },
  ],
  async measureRound(implementations, config) {
    const { clients, streams, warmupSeconds, seconds, slices } = config.check;
    const load = (server, warmup, duration) =>
      runH2load({
        url: `http://127.0.0.1:${server.port}${PATH}`,
        body: grpcFrame(encodeService('')),
        clients,
        streams,
        warmupSeconds: warmup,
        seconds: duration,
        dir: config.tmp,
      });
    const servers = new Map();
    try {
      for (const impl of implementations) {
        const server = await startChild('servers/host.mjs', [impl.id]);
        servers.set(impl.id, { server, requests: 0, seconds: 0, durations: [] });
        await checkOnce(server.port);
        await load(server, 0, warmupSeconds); // JIT warm-up, not counted
      }
      for (let slice = 0; slice < slices; slice++) {
        const order = slice % 2 === 0 ? implementations : [...implementations].reverse();
        for (const impl of order) {
          const entry = servers.get(impl.id);
          const result = await load(entry.server, 0.2, seconds / slices);
          entry.requests += result.done;
          entry.seconds += seconds / slices;
          for (const duration of result.durations) entry.durations.push(duration);
        }
      }
      const results = {};
      for (const [id, { requests, seconds: total, durations }] of servers) {
        durations.sort((a, b) => a - b);
        results[id] = { reqPerSec: requests / total, p50: percentile(durations, 50), p99: percentile(durations, 99) };
      }
      return results;
    } finally {
      for (const { server } of servers.values()) await server.stop();
    }
  },
};
