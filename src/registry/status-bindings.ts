import { Subscription, type Observable, type Unsubscribable } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { reportSafely } from './report-safely.js';

/**
 * What a bound source may emit: a status, or `true` (SERVING) / `false` (NOT_SERVING).
 * `UNKNOWN` and `SERVICE_UNKNOWN` (say, from `registry.watch()` of another service) count as
 * NOT_SERVING: what is not known to serve does not serve.
 */
export type BindableStatus = ServingStatus | boolean;

function toSettable(value: unknown): SettableStatus | undefined {
  if (value === true || value === 'SERVING') return 'SERVING';
  if (value === false || value === 'NOT_SERVING' || value === 'SERVICE_UNKNOWN' || value === 'UNKNOWN') {
    return 'NOT_SERVING';
  }
  return undefined;
}

/**
 * The registry's bound sources, at most one per service: binding a service again replaces its
 * binding. A source's error or an invalid value turns the service NOT_SERVING and is reported,
 * never thrown at the registry; an error also ends the binding.
 */
export class StatusBindings {
  readonly #bindings = new Map<string, Subscription>();

  constructor(
    /** Sets the status; returns the error to report when that set closed a feedback loop. */
    private readonly apply: (service: string, status: SettableStatus) => Error | undefined,
    private readonly report: (service: string, error: unknown) => void,
  ) {}

  bind(service: string, source: Observable<BindableStatus>, reportTo = this.report): Subscription {
    this.unbind(service);
    const onError = (failed: string, error: unknown) => reportSafely(reportTo, failed, error);
    const binding = new Subscription(() => {
      if (this.#bindings.get(service) === binding) this.#bindings.delete(service);
    });
    this.#bindings.set(service, binding);
    // NOTE: `set` can throw (a RangeError past maxServices); inside a subscriber RxJS would
    // rethrow that on a timer, crashing the process. It ends the binding and is reported instead,
    // and so does a set that closed a feedback loop (see HealthRegistry.set).
    const apply = (status: SettableStatus) => {
      try {
        const loop = this.apply(service, status);
        if (loop !== undefined) {
          binding.unsubscribe();
          onError(service, loop);
        }
      } catch (error) {
        binding.unsubscribe();
        onError(service, error);
      }
    };
    const fail = (error: unknown) => {
      apply('NOT_SERVING');
      onError(service, error);
    };
    // NOTE: the source may emit, fail or complete synchronously inside subscribe(); `binding`
    // exists before that, and adding to a closed Subscription tears the source down at once.
    let subscription: Unsubscribable;
    try {
      subscription = source.subscribe({
        next: (value) => {
          if (binding.closed) return; // a synchronous source that goes on after its binding ended
          const status = toSettable(value);
          if (status === undefined) {
            fail(new TypeError(`HealthRegistry.bind(): "${service}" got ${String(value)}; expected SERVING, NOT_SERVING or a boolean`));
          } else {
            apply(status);
          }
        },
        error: (error: unknown) => {
          if (binding.closed) return;
          binding.unsubscribe();
          fail(error);
        },
        complete: () => binding.unsubscribe(),
      });
    } catch (error) {
      binding.unsubscribe(); // a source whose subscribe() throws leaves no binding behind
      throw error;
    }
    binding.add(subscription);
    return binding;
  }

  /** Ends the service's binding, if any; its status stays where the source left it. */
  unbind(service: string): boolean {
    const binding = this.#bindings.get(service);
    binding?.unsubscribe();
    return binding !== undefined;
  }

  /** Ends every binding; returns how many there were. */
  unbindAll(): number {
    const bindings = [...this.#bindings.values()];
    for (const binding of bindings) binding.unsubscribe();
    return bindings.length;
  }

  /** How many services are bound now. */
  get size(): number {
    return this.#bindings.size;
  }
}
