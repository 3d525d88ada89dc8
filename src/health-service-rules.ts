import type { Unsubscribable } from 'rxjs';
import { checkCount, checkOptionsObject } from './option-checks.js';
import { quoteServiceName } from './quote-service-name.js';
import { isHealthRegistry } from './registry/attach-watcher.js';

/**
 * The rules of the `grpc.health.v1.Health` service that both gRPC adapters follow (nice-grpc's
 * `createHealthService` and grpc-js's `addHealthService`): options, defaults, their checks, and
 * each refusal as a transport-neutral {@link HealthVerdict} that an adapter turns into its own
 * error type. No import of either framework here.
 */

/** Options for `createHealthService` and `addHealthService`. */
export interface HealthServiceOptions {
  /**
   * List fails with RESOURCE_EXHAUSTED when more services than this are registered.
   * Default 100, as in the reference implementations (gRFC A90).
   */
  maxListServices?: number;
  /**
   * Watch answers RESOURCE_EXHAUSTED while this service instance already has this many Watch
   * streams open, so that a flood of streams is refused instead of slowing every status
   * change. Each instance counts only its own streams: HTTP event streams and in-process
   * subscribers never use it up. Default: no limit.
   */
  maxWatchers?: number;
  /**
   * @deprecated The limit lives in the registry now: see `HealthRegistryOptions.maxServiceNameLength`,
   * so that a name the registry holds is reachable through every transport. Still checked;
   * it has no effect.
   */
  maxServiceNameLength?: number;
}

/** {@link HealthServiceOptions} with defaults filled in and checked. */
export interface HealthServiceSettings {
  maxListServices: number;
  maxWatchers: number;
}

/** A refusal: the gRPC status code (the protocol's numbers) and the details to send. */
export interface HealthVerdict {
  code: number;
  details: string;
}

/** The gRPC status codes the Health service answers with (fixed by the protocol). */
export const GRPC_CODE = Object.freeze({ NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8 });

/**
 * Checks an adapter's arguments and fills in defaults. `api` names the adapter in the errors.
 *
 * @throws TypeError for a registry that is not a HealthRegistry, options that are not an
 * object, or an option of the wrong type; RangeError for a number out of range.
 */
export function healthServiceSettings(
  api: string,
  registry: unknown,
  options: HealthServiceOptions | undefined,
): HealthServiceSettings {
  if (!isHealthRegistry(registry)) {
    throw new TypeError(`${api}: registry must be a HealthRegistry`);
  }
  const given = checkOptionsObject(api, options);
  checkCount(api, 'maxServiceNameLength', given.maxServiceNameLength ?? 0, 0);
  return {
    maxListServices: checkCount(api, 'maxListServices', given.maxListServices ?? 100, 0),
    maxWatchers: checkCount(api, 'maxWatchers', given.maxWatchers ?? Infinity, 0),
  };
}

/** Check of a service that is not registered. */
export function notFound(service: string): HealthVerdict {
  return { code: GRPC_CODE.NOT_FOUND, details: `unknown service ${quoteServiceName(service)}` };
}

/** List's refusal when more services are registered than it returns; `undefined` to answer. */
export function listRefusal(registered: number, settings: HealthServiceSettings): HealthVerdict | undefined {
  if (registered <= settings.maxListServices) return undefined;
  return {
    code: GRPC_CODE.RESOURCE_EXHAUSTED,
    details: `${registered} services are registered; List returns at most ${settings.maxListServices}`,
  };
}

/**
 * The Watch streams one service instance has open, against its `maxWatchers`. Streams count
 * only while the limit is finite, so that the default costs nothing per stream.
 */
export class WatchBudget {
  #open = 0;

  constructor(private readonly max: number) {}

  /** Watch's refusal while the budget is used up; `undefined` to admit the stream. */
  refusal(): HealthVerdict | undefined {
    if (this.#open < this.max) return undefined;
    return {
      code: GRPC_CODE.RESOURCE_EXHAUSTED,
      details: `this Health service has ${this.max} Watch streams open, the most maxWatchers allows`,
    };
  }

  /**
   * Counts a stream that was admitted, until `subscription` is unsubscribed (at once if it
   * already is): one teardown shared by every stream, so a stream costs no closure of its own.
   */
  admit(subscription: { add(teardown: Unsubscribable): void }): void {
    if (this.max === Infinity) return;
    this.#open++;
    subscription.add(this.#release);
  }

  /** The Watch streams counted now (always 0 without a limit). */
  get open(): number {
    return this.#open;
  }

  readonly #release: Unsubscribable = { unsubscribe: () => void this.#open-- };
}
