import type { ChannelCredentials, ChannelOptions, Metadata } from '@grpc/grpc-js';
import { isServingStatus, type ServingStatus } from '../serving-status.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import type { BackoffSettings } from './backoff.js';
import type { RemoteHealthError } from './remote-health-error.js';

/** Options for {@link watchHealth}. Backoff defaults are gRPC's connection backoff. */
export interface WatchHealthOptions {
  /**
   * What the Observable reports while the Watch stream is down (between a failed call and the
   * first message of the next one): a status, or `'LAST'` to report nothing and let the last
   * status received stand (nothing at all when none was received yet). Default `'NOT_SERVING'`:
   * what is not known to serve does not serve.
   */
  whileDown?: ServingStatus | 'LAST';
  /**
   * What to do when the server answers `UNIMPLEMENTED` (it has no Health service). Either way
   * the watch stops retrying and the Observable completes after reporting it. Default
   * `'SERVING'`, as gRFC A17 has it: a server that does not do health checking is taken as
   * healthy. `'ERROR'` makes the Observable error with the {@link RemoteHealthError} instead.
   */
  whenUnimplemented?: ServingStatus | 'ERROR';
  /** The wait after the first failed attempt. Default 1,000 ms. */
  initialBackoffMs?: number;
  /** The longest wait between attempts. Default 120,000 ms. */
  maxBackoffMs?: number;
  /** Each failed attempt in a row multiplies the wait by this. Default 1.6. */
  backoffMultiplier?: number;
  /** Each wait is multiplied by a random factor in `1 ± backoffJitter` (0 to < 1). Default 0.2. */
  backoffJitter?: number;
  /**
   * Sent with every Watch call (say, an authorization header). For an address, a channel or a
   * grpc-js client; a nice-grpc client sends what its own call options and middleware add.
   */
  metadata?: Metadata;
  /** Only when `target` is an address: the credentials of the channel it opens. Default plaintext. */
  credentials?: ChannelCredentials;
  /** Only when `target` is an address: options of the channel it opens. */
  channelOptions?: ChannelOptions;
  /** Told how every attempt ended (its {@link RemoteHealthError}): for logs. */
  onFailure?: (error: RemoteHealthError) => void;
}

/** {@link WatchHealthOptions} with every default filled in and checked. */
export interface WatchHealthSettings extends BackoffSettings {
  whileDown: ServingStatus | 'LAST';
  whenUnimplemented: ServingStatus | 'ERROR';
  metadata: Metadata | undefined;
  credentials: ChannelCredentials | undefined;
  channelOptions: ChannelOptions | undefined;
  onFailure: ((error: RemoteHealthError) => void) | undefined;
}

function checkNumber(name: string, value: number, min: number, max: number, maxText = String(max)): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= min) || !(value <= max)) {
    throw new RangeError(`watchHealth(): ${name} must be a finite number from ${min} to ${maxText}, got ${String(value)}`);
  }
  return value;
}

function checkObject<T>(name: string, value: T | undefined, method: string): T | undefined {
  if (value !== undefined && typeof (value as Record<string, unknown> | null)?.[method] !== 'function') {
    throw new TypeError(`watchHealth(): ${name} must be a @grpc/grpc-js ${name === 'metadata' ? 'Metadata' : 'ChannelCredentials'}`);
  }
  return value;
}

/** Fills in defaults; throws a RangeError or TypeError naming the bad option. */
export function watchHealthSettings(options: WatchHealthOptions): WatchHealthSettings {
  if (options === null || typeof options !== 'object') throw new TypeError('watchHealth(): options must be an object');
  const whileDown = options.whileDown ?? 'NOT_SERVING';
  if (whileDown !== 'LAST' && !isServingStatus(whileDown)) {
    throw new TypeError(`watchHealth(): whileDown must be a serving status or 'LAST', got ${String(whileDown)}`);
  }
  const whenUnimplemented = options.whenUnimplemented ?? 'SERVING';
  if (whenUnimplemented !== 'ERROR' && !isServingStatus(whenUnimplemented)) {
    throw new TypeError(`watchHealth(): whenUnimplemented must be a serving status or 'ERROR', got ${String(whenUnimplemented)}`);
  }
  if (options.onFailure !== undefined && typeof options.onFailure !== 'function') {
    throw new TypeError('watchHealth(): onFailure must be a function');
  }
  if (options.channelOptions !== undefined && (options.channelOptions === null || typeof options.channelOptions !== 'object')) {
    throw new TypeError('watchHealth(): channelOptions must be an object');
  }
  // NOTE: a wait longer than a timer holds would fire after 1 ms: a busy loop of attempts.
  const initialBackoffMs = checkNumber('initialBackoffMs', options.initialBackoffMs ?? 1_000, 1, MAX_TIMER_MS);
  const maxBackoffMs = options.maxBackoffMs ?? Math.max(120_000, initialBackoffMs);
  checkNumber('maxBackoffMs', maxBackoffMs, initialBackoffMs, MAX_TIMER_MS);
  return {
    whileDown,
    whenUnimplemented,
    initialBackoffMs,
    maxBackoffMs,
    backoffMultiplier: checkNumber('backoffMultiplier', options.backoffMultiplier ?? 1.6, 1, 1_000),
    backoffJitter: checkNumber('backoffJitter', options.backoffJitter ?? 0.2, 0, 0.99, '0.99'),
    metadata: checkObject('metadata', options.metadata, 'clone'),
    credentials: checkObject('credentials', options.credentials, '_isSecure'),
    channelOptions: options.channelOptions,
    onFailure: options.onFailure,
  };
}
