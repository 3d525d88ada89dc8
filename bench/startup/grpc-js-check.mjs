// A minimal @grpc/grpc-js Check: what a Node probe written on grpc-js costs. Exit 0 when SERVING.
// Usage: node grpc-js-check.mjs HOST:PORT
import { Client, credentials } from '@grpc/grpc-js';

const client = new Client(process.argv[2], credentials.createInsecure());
const empty = () => Buffer.alloc(0);
client.makeUnaryRequest('/grpc.health.v1.Health/Check', empty, (bytes) => bytes, {}, { deadline: Date.now() + 5000 }, (error, response) => {
  process.exit(!error && response[0] === 0x08 && response[1] === 1 ? 0 : 4);
});
