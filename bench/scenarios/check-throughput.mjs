// Check throughput and latency, driven by h2load (a Node load generator saturates first).
import http2 from 'node:http2';
import { startChild } from '../lib/child.mjs';
import { runH2load } from '../lib/h2load.mjs';
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
  async measure(implementation, config) {
    const server = await startChild('servers/host.mjs', [implementation.id]);
    try {
      await checkOnce(server.port);
      const { reqPerSec, p50, p99 } = await runH2load({
        url: `http://127.0.0.1:${server.port}${PATH}`,
        body: grpcFrame(encodeService('')),
        ...config.check,
        dir: config.tmp,
      });
      return { reqPerSec, p50, p99 };
    } finally {
      await server.stop();
    }
  },
};
