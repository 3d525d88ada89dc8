import { Subscription, type Observable } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';

/** What a bound source may emit: a status, or `true` (SERVING) / `false` (NOT_SERVING). */
export type BindableStatus = ServingStatus | boolean;

function toSettable(value: unknown): SettableStatus | undefined {
  if (value === true || value === 'SERVING') return 'SERVING';
  if (value === false || value === 'NOT_SERVING') return 'NOT_SERVING';
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
    private readonly apply: (service: string, status: SettableStatus) => void,
    private readonly report: (service: string, error: unknown) => void,
  ) {}

  bind(service: string, source: Observable<BindableStatus>, onError = this.report): Subscription {
    this.unbind(service);
    const binding = new Subscription(() => {
      if (this.#bindings.get(service) === binding) this.#bindings.delete(service);
    });
    this.#bindings.set(service, binding);
    const fail = (error: unknown) => {
      this.apply(service, 'NOT_SERVING');
      onError(service, error);
    };
    // NOTE: the source may emit, fail or complete synchronously inside subscribe(); `binding`
    // exists before that, and adding to a closed Subscription tears the source down at once.
    binding.add(
      source.subscribe({
        next: (value) => {
          const status = toSettable(value);
          if (status === undefined) {
            fail(new TypeError(`HealthRegistry.bind(): "${service}" got ${String(value)}; expected SERVING, NOT_SERVING or a boolean`));
          } else {
            this.apply(service, status);
          }
        },
        error: (error: unknown) => {
          binding.unsubscribe();
          fail(error);
        },
        complete: () => binding.unsubscribe(),
      }),
    );
    return binding;
  }

  /** Ends the service's binding, if any; its status stays where the source left it. */
  unbind(service: string): boolean {
    const binding = this.#bindings.get(service);
    binding?.unsubscribe();
    return binding !== undefined;
  }

  /** How many services are bound now. */
  get size(): number {
    return this.#bindings.size;
  }
}
