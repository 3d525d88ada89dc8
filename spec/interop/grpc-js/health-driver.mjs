// A @grpc/grpc-js health client, with the proto loaded by @grpc/proto-loader (none of our code),
// driven over stdin/stdout like the Go and Python drivers: see spec/interop/README.md.
// grpc-js has no client-side health checking, so there is no `lbcall`.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// Every unary call is bounded: a driver never hangs a test.
const UNARY_TIMEOUT_MS = 3_000;
const proto = fileURLToPath(new URL('../../../proto/grpc/health/v1/health.proto', import.meta.url));

const address = process.argv[2];
if (process.argv.length !== 3) {
  console.error('usage: node health-driver.mjs HOST:PORT  (then JSON commands on stdin)');
  process.exit(2);
}
const definition = protoLoader.loadSync(proto, { enums: String, defaults: true });
const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
const client = new Health(address, grpc.credentials.createInsecure());
const watches = new Map();

const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const deadline = () => ({ deadline: Date.now() + UNARY_TIMEOUT_MS });
const unary = (id, method, request, answer) =>
  client[method](request, deadline(), (error, response) =>
    emit(error ? { id, code: error.code, message: error.details } : { id, code: 0, ...answer(response) }),
  );

function watch({ id, service = '', streams = 1 }) {
  const calls = Array.from({ length: Math.max(1, streams) }, (_, index) => {
    const call = client.Watch({ service });
    let ended = false; // after an error, grpc-js may still emit 'end'
    const end = (code) => ended || ((ended = true), emit({ watch: id, stream: index, end: code }));
    call.on('data', ({ status }) => emit({ watch: id, stream: index, status }));
    call.on('error', (error) => end(error.code));
    call.on('end', () => end(0));
    return call;
  });
  watches.set(id, calls);
  emit({ id, code: 0 });
}

const version = createRequire(import.meta.url)('@grpc/grpc-js/package.json').version;
emit({ ready: true, grpc: version });
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === '') return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (error) {
      return emit({ error: `bad command: ${error}` });
    }
    const { id, op, service = '' } = command;
    if (op === 'check') unary(id, 'Check', { service }, ({ status }) => ({ status }));
    else if (op === 'list') {
      unary(id, 'List', {}, ({ statuses }) => ({
        statuses: Object.fromEntries(Object.entries(statuses).map(([name, { status }]) => [name, status])),
      }));
    } else if (op === 'watch') watch(command);
    else if (op === 'cancel') {
      const calls = watches.get(command.watch) ?? [];
      watches.delete(command.watch);
      for (const call of calls) call.cancel();
      emit({ id, code: 0, found: calls.length > 0 });
    } else emit({ id, error: `unknown op ${JSON.stringify(op)} (grpc-js has no client-side health checking)` });
  })
  .on('close', () => client.close());
