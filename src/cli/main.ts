#!/usr/bin/env node
// The `livery-health` executable (package.json `bin`): binds the command to this process.
import { constants } from 'node:os';
import { onStopSignals } from '../reactive/stop-signals.js';
import type { CommandIo } from './command-io.js';
import { runLiveryHealth } from './run-livery-health.js';

// grpc-js (only `serve` loads it) logs its own errors to stderr (for example a failed listen,
// which serve reports in its own words); GRPC_VERBOSITY set by the user still wins. Read when
// grpc-js loads: the commands are imported later.
process.env.GRPC_VERBOSITY ??= 'NONE';

const stop = new AbortController();
// A second signal means "now": skip whatever graceful work is still running, and exit the way
// a shell reports a process killed by that signal (130 for SIGINT, 143 for SIGTERM).
onStopSignals(
  ['SIGINT', 'SIGTERM'],
  () => stop.abort(),
  (signal) => process.exit(128 + constants.signals[signal]),
);
// NOTE: `livery-health watch ... | head -1` closes the pipe while the command still writes.
// Stop writing there and stop the command gracefully (as a Go program would stop on SIGPIPE),
// instead of dying on an unhandled 'error' event (for serve: with clients still connected).
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream);
    stop.abort();
  });
}
const write = (stream: NodeJS.WriteStream, line: string) => {
  if (!closed.has(stream)) stream.write(`${line}\n`);
};
const io: CommandIo = {
  out: (line) => write(process.stdout, line),
  err: (line) => write(process.stderr, line),
  // NOTE: a getter: touching process.stdin sets up a stream (and a handle) that only serve reads.
  get stdin() {
    return process.stdin;
  },
  signal: stop.signal,
};
// NOTE: exit explicitly: a grpc-js channel or stdin can keep the event loop alive after the
// command is done. Writes to pipes and files are synchronous on Linux, so nothing is lost.
runLiveryHealth(process.argv.slice(2), io).then((code) => process.exit(code));
