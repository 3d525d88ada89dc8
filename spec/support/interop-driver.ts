import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { within } from './bounded.js';
import { DriverWatch } from './driver-watch.js';

/** One JSON line a driver prints (see spec/interop/README.md for the protocol). */
export interface DriverEvent {
  ready?: boolean;
  grpc?: string;
  id?: number;
  code?: number;
  message?: string;
  status?: string;
  statuses?: Record<string, string>;
  found?: boolean;
  watch?: number;
  stream?: number;
  end?: number;
  error?: string;
  /** The port a server driver listens on (its ready line). */
  port?: number;
}

/** A unary reply: `code` is the gRPC status code (0 = OK). */
export type Reply = Required<Pick<DriverEvent, 'code'>> & DriverEvent;

/**
 * A health client written with another gRPC stack (spec/interop/go, spec/interop/python), run
 * as a child process and driven over stdin/stdout: a spec sends commands and awaits the JSON
 * events they cause, every wait bounded.
 */
export class InteropDriver {
  readonly events: DriverEvent[] = [];
  /** Watch events by watch id, then stream index: what each stream received and how it ended. */
  readonly watchStreams = new Map<number, Map<number, { statuses: string[]; end?: number }>>();
  private stderr = '';
  private exit: string | undefined;
  private nextId = 1;
  private wakers = new Set<() => void>();

  private constructor(readonly name: string, private child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let event: DriverEvent;
      try {
        event = JSON.parse(line) as DriverEvent;
      } catch {
        event = { error: `not JSON: ${line}` };
      }
      if (event.watch !== undefined) this.recordWatch(event);
      else this.events.push(event);
      this.wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('error', (error) => this.exited(String(error)));
    child.on('exit', (code, signal) => this.exited(`exit code ${code ?? signal}`));
  }

  /** Starts `command` against `address` and waits for its `ready` line (`ms` covers a slow start). */
  static async start(name: string, command: string, args: string[], ms = 10_000): Promise<InteropDriver> {
    const driver = new InteropDriver(name, spawn(command, args, { stdio: 'pipe' }));
    const ready = await driver.waitFor(ms, 'its ready line', () => driver.events.find((e) => e.ready));
    if (ready.grpc === undefined) throw new Error(`${name}: ready line without a gRPC version`);
    return driver;
  }

  /** The gRPC library version the driver reported. */
  get version(): string {
    return this.events.find((e) => e.ready)?.grpc ?? '?';
  }

  /** Sends a command and waits for its reply (the event with the same `id`). */
  async request(command: Record<string, unknown>, ms = 5_000): Promise<Reply> {
    const id = this.nextId++;
    this.child.stdin.write(`${JSON.stringify({ ...command, id })}\n`);
    const reply = await this.waitFor(ms, `the reply to ${JSON.stringify(command)}`, () =>
      this.events.find((e) => e.id === id),
    );
    if (reply.error !== undefined || reply.code === undefined) {
      throw new Error(`${this.name} failed ${JSON.stringify(command)}: ${JSON.stringify(reply)}`);
    }
    return reply as Reply;
  }

  /** Opens `streams` Watch calls for `service`; the handle reads what each of them receives. */
  async watch(service: string, streams = 1): Promise<DriverWatch> {
    const { id } = await this.request({ op: 'watch', service, streams });
    return new DriverWatch(this, id!, streams);
  }

  /** Resolves with the first non-undefined `find()` result, re-tried on each event, bounded. */
  async waitFor<T>(ms: number, what: string, find: () => T | undefined): Promise<T> {
    let check = () => {};
    try {
      return await within(ms, `${this.name}: ${what}`, new Promise<T>((resolve, reject) => {
        check = () => {
          const found = find();
          if (found !== undefined) resolve(found);
          else if (this.exit !== undefined) reject(new Error(`${this.name} stopped (${this.exit}) before ${what}:\n${this.stderr}`));
        };
        this.wakers.add(check);
        check();
      }));
    } finally {
      this.wakers.delete(check);
    }
  }

  /** Kills the process and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.exit === undefined) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await within(5_000, `${this.name} to exit`, gone);
    }
  }

  /** What stream `index` of watch `watch` has received so far. */
  stream(watch: number, index: number): { statuses: string[]; end?: number } {
    let streams = this.watchStreams.get(watch);
    if (streams === undefined) this.watchStreams.set(watch, (streams = new Map()));
    let stream = streams.get(index);
    if (stream === undefined) streams.set(index, (stream = { statuses: [] }));
    return stream;
  }

  private recordWatch({ watch, stream, status, end }: DriverEvent): void {
    const record = this.stream(watch!, stream ?? -1);
    if (status !== undefined) record.statuses.push(status);
    if (end !== undefined) record.end = end;
  }

  private exited(reason: string): void {
    this.exit ??= reason;
    this.wake();
  }

  private wake(): void {
    for (const check of [...this.wakers]) check();
  }
}
