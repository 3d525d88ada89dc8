// Start-up cost of short-lived processes: the probe CLI (what a Kubernetes exec probe runs in
// every pod every few seconds) against the floors a Node probe cannot beat, and the main
// entry's cold import against its peers' import. Wall time and peak RSS (GNU time's %M) of
// each process; every round runs every command once, in an order that alternates round by
// round, and ratios are taken round by round.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TIME = '/usr/bin/time';
// The probe as users run it: package.json's bin.
const BIN = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).bin['livery-health'];

/** The processes measured; `{addr}` is the health server's address. */
export const STARTUP_COMMANDS = [
  { id: 'node', label: 'node -e 0', args: ['-e', '0'] },
  { id: 'raw-http2', label: 'raw node:http2 Check (the floor)', args: ['bench/startup/raw-http2-check.mjs', '{addr}'] },
  { id: 'grpc-js', label: 'minimal @grpc/grpc-js Check', args: ['bench/startup/grpc-js-check.mjs', '{addr}'] },
  { id: 'check', label: 'livery-health check', args: [BIN, 'check', '-addr', '{addr}'] },
  { id: 'list', label: 'livery-health list', args: [BIN, 'list', '-addr', '{addr}'] },
  { id: 'watch', label: 'livery-health watch -count 1', args: [BIN, 'watch', '-addr', '{addr}', '-count', '1'] },
  { id: 'peers', label: 'import rxjs + nice-grpc (the peers)', args: ['bench/startup/import-peers.mjs'] },
  { id: 'main', label: "import 'livery-grpc-health'", args: ['bench/startup/import-main.mjs'] },
];

/** One run of `args` under GNU time: wall ms (measured here) and peak RSS in bytes. */
function measureOnce(args, tmp) {
  const out = join(tmp, 'time.txt');
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(TIME, ['-f', '%M', '-o', out, process.execPath, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const kilobytes = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
      rmSync(out, { force: true });
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolve({ wallMs, rssBytes: kilobytes * 1024 });
    });
  });
}

/**
 * Runs every command `config.startup.rounds` times (after one unmeasured warm-up run each, so
 * that the page cache holds every file). Returns `{[command]: {wallMs: number[], rssBytes: number[]}}`.
 */
export async function measureStartup(config) {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure peak RSS: apt-get install time`);
  const server = await startChild('servers/host.mjs', ['ours-nice-grpc']);
  try {
    const addr = `127.0.0.1:${server.port}`;
    const commands = STARTUP_COMMANDS.map((command) => ({ ...command, args: command.args.map((arg) => arg.replace('{addr}', addr)) }));
    const values = Object.fromEntries(commands.map(({ id }) => [id, { wallMs: [], rssBytes: [] }]));
    for (const command of commands) await measureOnce(command.args, config.tmp);
    for (let round = 0; round < config.startup.rounds; round++) {
      const order = round % 2 === 0 ? commands : [...commands].reverse();
      for (const command of order) {
        const { wallMs, rssBytes } = await measureOnce(command.args, config.tmp);
        values[command.id].wallMs.push(wallMs);
        values[command.id].rssBytes.push(rssBytes);
      }
    }
    return values;
  } finally {
    await server.stop();
  }
}
