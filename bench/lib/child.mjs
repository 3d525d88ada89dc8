// A child process the runner talks to over IPC: request(op, args) resolves with the reply
// that carries the same id, or rejects after a bound. answerParent() is the child's side.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('..', import.meta.url));

/**
 * Forks `script` (relative to bench/) with `args`, waits for its `{ready}` message and returns
 * it with a request function. Every wait is bounded by `timeoutMs`.
 */
export async function startChild(script, args = [], { execArgv = [], timeoutMs = 30_000 } = {}) {
  const child = fork(`${bench}${script}`, args, {
    execArgv: ['--expose-gc', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  const listeners = new Set();
  let nextId = 1;
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = new Error(`${script} ${args.join(' ')} exited (${code ?? signal})`);
    for (const { reject } of pending.values()) reject(exited);
    pending.clear();
  });
  child.on('message', (message) => {
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (waiter === undefined) {
      for (const listener of listeners) listener(message);
      return;
    }
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message);
    else waiter.reject(new Error(`${script} ${args.join(' ')}: ${message.error}`));
  });

  /** Waits for an unsolicited message that `accept` returns true for. */
  function waitFor(accept, what, ms = timeoutMs) {
    return new Promise((resolve, reject) => {
      if (exited) return reject(exited);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`${script} ${args.join(' ')}: no ${what} within ${ms} ms`));
      }, ms);
      const listener = (message) => {
        if (!accept(message)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message);
      };
      listeners.add(listener);
    });
  }

  function request(op, fields = {}, ms = timeoutMs) {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${script} ${args.join(' ')}: no reply to ${op} within ${ms} ms`));
      }, ms);
      pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ id, op, ...fields });
    });
  }

  async function stop() {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  const ready = await waitFor((message) => message.ready === true, 'ready message');
  return { ...ready, pid: child.pid, request, waitFor, stop };
}

/**
 * The child's side of {@link startChild}: answers each `{id, op, ...args}` with what
 * `operations[op](args)` returns (as `{id, ok: true, ...}`, or `{id, ok: false, error}`),
 * exits when the runner goes away, and announces itself with `{ready: true, ...ready}`.
 */
export function answerParent(operations, ready = {}) {
  process.on('message', async ({ id, op, ...args }) => {
    try {
      if (!Object.hasOwn(operations, op)) throw new Error(`unknown op ${op}`);
      process.send({ id, ok: true, ...(await operations[op](args)) });
    } catch (error) {
      process.send({ id, ok: false, error: String(error?.stack ?? error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ...ready, ready: true });
}
