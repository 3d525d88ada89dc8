import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { within } from './bounded.js';

/** The built command, as package.json's `bin` names it (`npm test` builds first). */
export const CLI_MAIN = fileURLToPath(
  new URL(`../../${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).bin['livery-health']}`, import.meta.url),
);

/**
 * Timeouts for calls that must succeed: the machine is shared and can be very busy, and the
 * 1 s defaults of grpc_health_probe are for probes, not for a loaded CI runner.
 */
export const PATIENT = ['-connect-timeout', '10s', '-rpc-timeout', '10s'] as const;

/** How a `livery-health` child process ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A running `livery-health` child process: its output so far, bounded waits for a line, and
 * its end. Every one is tracked so that {@link killAllCli} can stop what a test left behind.
 */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly args: readonly string[], options: { executable?: boolean } = {}) {
    if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run "npm run build" (npm test builds first)`);
    this.child = options.executable
      ? spawn(CLI_MAIN, args, { stdio: 'pipe' })
      : spawn(process.execPath, [CLI_MAIN, ...args], { stdio: 'pipe' });
    this.child.stdout.setEncoding('utf8').on('data', (text: string) => this.append('stdout', text));
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => this.append('stderr', text));
    this.child.stdin.on('error', () => {}); // the child may exit before it reads
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        live.delete(this);
        this.wake();
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
    live.add(this);
  }

  get stdoutLines(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '');
  }

  /**
   * Waits (bounded) until stdout (or stderr) has a line matching `pattern`, and returns the
   * match. With `after` (an earlier `stdout.length`), only output written since counts.
   */
  async waitForLine(
    pattern: RegExp,
    { ms = 5_000, stream = 'stdout', after = 0 }: { ms?: number; stream?: 'stdout' | 'stderr'; after?: number } = {},
  ): Promise<RegExpMatchArray> {
    const find = () => this[stream].slice(after).split('\n').map((line) => line.match(pattern)).find((match) => match !== null);
    return within(
      ms,
      `a line matching ${pattern} on ${stream} of livery-health ${this.args.join(' ')} (stdout ${JSON.stringify(this.stdout)}, stderr ${JSON.stringify(this.stderr)})`,
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = find();
          if (match) return resolve(match);
          if (this.child.exitCode !== null || this.child.signalCode !== null) return reject(new Error('the process exited'));
          this.waiters.add(check);
        };
        check();
      }),
    );
  }

  /** Writes one line to its stdin. */
  writeLine(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits (bounded) for the process to end. */
  finished(ms = 10_000): Promise<CliResult> {
    return within(ms, `livery-health ${this.args.join(' ')} to exit (stderr ${JSON.stringify(this.stderr)})`, this.exited);
  }

  private append(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    this.wake();
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

// NOTE: module state in a spec helper only: each spec file runs in its own worker.
const live = new Set<CliProcess>();

/** Starts `livery-health ...args` as a child process. */
export function startCli(args: readonly string[], options: { executable?: boolean } = {}): CliProcess {
  return new CliProcess(args, options);
}

/** Runs `livery-health ...args` to its end (bounded) and returns its exit code and output. */
export function runCli(args: readonly string[], ms = 10_000): Promise<CliResult> {
  return startCli(args).finished(ms);
}

/**
 * Kills every child process still running (for afterEach / afterAll), except those in `keep`
 * (a server shared by a describe block), and waits for them.
 */
export async function killAllCli(keep: ReadonlyArray<CliProcess | undefined> = []): Promise<void> {
  const running = [...live].filter((cli) => !keep.includes(cli));
  for (const cli of running) cli.child.kill('SIGKILL');
  await within(5_000, 'killed livery-health processes to exit', Promise.all(running.map((cli) => cli.exited.catch(() => undefined))));
}
