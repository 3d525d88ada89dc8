import { checkOptionsObject, describeValue } from '../option-checks.js';
import { MAX_TIMER_MS } from '../timer-limit.js';

/**
 * What {@link gracefulShutdown} needs of a server: a nice-grpc `Server` (`shutdown()`) or a
 * plain `@grpc/grpc-js` `Server` (`tryShutdown(callback)`), each with `forceShutdown()`.
 */
export type DrainableServer =
  | {
      /** Stops taking calls and resolves once the calls in flight are done (nice-grpc). */
      shutdown(): Promise<void>;
      /** Cancels every call and closes every connection now. */
      forceShutdown(): void;
    }
  | {
      /** Stops taking calls and calls back once the calls in flight are done (@grpc/grpc-js). */
      tryShutdown(callback: (error?: Error) => void): void;
      /** Cancels every call and closes every connection now. */
      forceShutdown(): void;
    };

const NOT_A_SERVER =
  'gracefulShutdown(): server must be a nice-grpc or @grpc/grpc-js Server (shutdown() or tryShutdown(), and forceShutdown())';

/** `server`'s graceful shutdown as a promise, whichever kind of server it is; a TypeError if it is neither. */
export function shutdownOf(server: DrainableServer): () => Promise<void> {
  if (typeof server?.forceShutdown !== 'function') throw new TypeError(NOT_A_SERVER);
  if ('shutdown' in server && typeof server.shutdown === 'function') return () => server.shutdown();
  if ('tryShutdown' in server && typeof server.tryShutdown === 'function') {
    return () => new Promise((resolve, reject) => server.tryShutdown((error) => (error ? reject(error) : resolve())));
  }
  throw new TypeError(NOT_A_SERVER);
}

/**
 * The steps of a drain, in order: `not-serving` (the registry is shut down), `watches-ended`
 * (after the drain delay), then `stopped` (the server shut down in time) or `forced`.
 */
export type DrainStep = 'not-serving' | 'watches-ended' | 'stopped' | 'forced';

/** Options for {@link gracefulShutdown}. */
export interface GracefulShutdownOptions {
  /**
   * Signals that start the drain; a second one forces the server down at once.
   * Default `['SIGTERM']`; `[]` for none.
   */
  signals?: readonly NodeJS.Signals[];
  /**
   * How long Check and Watch report NOT_SERVING before the server stops, so that probes and
   * load balancers stop sending traffic. Default 5,000 ms.
   */
  drainDelayMs?: number;
  /** How long `server.shutdown()` may wait for calls in flight before it is forced. Default 10,000 ms. */
  timeoutMs?: number;
  /** Told each step as it happens: for logs. An error it throws is logged, and the drain goes on. */
  onStep?: (step: DrainStep) => void;
  /**
   * When set, a drain that a signal started ends with `process.exit(exitCode)`. Default: not
   * set; the process exits by itself once nothing else keeps it alive.
   */
  exitCode?: number;
}

/** The handle {@link gracefulShutdown} returns. */
export interface GracefulShutdown {
  /** Starts the drain (once; later calls return the same promise), resolved when the server has stopped. */
  drain(): Promise<void>;
  /** Removes the signal listeners (done for you when a drain ends); a drain in progress goes on. */
  dispose(): void;
}

function checkMs(name: string, value: number): number {
  // NOTE: a Node timer fires a longer delay after 1 ms: that would skip the drain altogether.
  if (typeof value !== 'number') throw new TypeError(`gracefulShutdown(): ${name} must be a number, got ${describeValue(value)}`);
  if (!(value >= 0) || !(value <= MAX_TIMER_MS)) {
    throw new RangeError(`gracefulShutdown(): ${name} must be a number from 0 to ${MAX_TIMER_MS} (ms), got ${String(value)}`);
  }
  return value;
}

/**
 * Whether `name` is a signal this platform knows and a process can catch.
 *
 * NOTE: node:os is reached through process.getBuiltinModule (Node 20.16+), not imported: the
 * core entry loads no module but rxjs, nice-grpc and protobufjs. Without it, the name's form.
 */
function isCatchableSignal(name: string): boolean {
  if (name === 'SIGKILL' || name === 'SIGSTOP') return false;
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const os = getBuiltin?.('node:os') as { constants?: { signals?: object } } | undefined;
  const known = os?.constants?.signals;
  return known !== undefined ? Object.hasOwn(known, name) : /^SIG[A-Z0-9]+$/.test(name);
}

/** {@link GracefulShutdownOptions} with defaults filled in and checked. */
export interface GracefulShutdownSettings {
  signals: readonly NodeJS.Signals[];
  drainDelayMs: number;
  timeoutMs: number;
  onStep: ((step: DrainStep) => void) | undefined;
  exitCode: number | undefined;
}

/** Fills in defaults; throws a RangeError or TypeError naming the bad option. */
export function gracefulShutdownSettings(given: GracefulShutdownOptions | undefined): GracefulShutdownSettings {
  const options = checkOptionsObject('gracefulShutdown()', given);
  const signals = options.signals ?? ['SIGTERM'];
  if (!Array.isArray(signals) || !signals.every((signal: unknown) => typeof signal === 'string')) {
    throw new TypeError('gracefulShutdown(): signals must be an array of signal names');
  }
  for (const signal of signals) {
    // NOTE: process.on() takes any name as a plain event that no signal ever fires: a typo
    // would leave the server with no drain at all. SIGKILL and SIGSTOP cannot be caught.
    if (!isCatchableSignal(signal)) {
      throw new RangeError(`gracefulShutdown(): signals: ${JSON.stringify(signal)} is not a signal a process can catch`);
    }
  }
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    throw new TypeError('gracefulShutdown(): onStep must be a function');
  }
  if (options.exitCode !== undefined && !Number.isInteger(options.exitCode)) {
    throw new TypeError(`gracefulShutdown(): exitCode must be an integer, got ${describeValue(options.exitCode)}`);
  }
  if (options.exitCode !== undefined && !(options.exitCode >= 0 && options.exitCode <= 255)) {
    // NOTE: the shell sees only the low 8 bits: process.exit(256) reports success.
    throw new RangeError(`gracefulShutdown(): exitCode must be from 0 to 255, got ${options.exitCode}`);
  }
  return {
    signals: [...(signals as readonly NodeJS.Signals[])],
    drainDelayMs: checkMs('drainDelayMs', options.drainDelayMs ?? 5_000),
    timeoutMs: checkMs('timeoutMs', options.timeoutMs ?? 10_000),
    onStep: options.onStep,
    exitCode: options.exitCode,
  };
}
