// The floor for a Node probe: one Health/Check over node:http2 with no gRPC library, the
// request and response framed by hand. Exit 0 when SERVING. Usage: node raw-http2-check.mjs HOST:PORT
import { connect } from 'node:http2';

const session = connect(`http://${process.argv[2]}`);
session.on('error', () => process.exit(2));
const stream = session.request({
  ':method': 'POST',
  ':path': '/grpc.health.v1.Health/Check',
  'content-type': 'application/grpc',
  te: 'trailers',
});
let body = Buffer.alloc(0);
stream.on('data', (chunk) => (body = Buffer.concat([body, chunk])));
stream.on('end', () => {
  // One frame: flag, length, then HealthCheckResponse{status = 1 (SERVING)} is 0x08 0x01.
  const serving = body.length >= 7 && body[5] === 0x08 && body[6] === 1;
  process.exit(serving ? 0 : 4);
});
stream.end(Buffer.from([0, 0, 0, 0, 0])); // an empty HealthCheckRequest: the server as a whole
