import fc from 'fast-check';
import type { HealthRegistryStats, ServingStatus, SettableStatus } from '../../src/index.js';

/** The names the property tests draw from: the server and two named services. */
export const MODEL_SERVICES = ['', 'a', 'b'] as const;
const service = fc.constantFrom(...MODEL_SERVICES);
const settable = fc.constantFrom<SettableStatus>('SERVING', 'NOT_SERVING');

/** What an in-process watcher does (once) when it receives `on`: a set or clear from inside a notification. */
export type Reaction =
  | { on: ServingStatus; action: 'set'; service: string; status: SettableStatus }
  | { on: ServingStatus; action: 'clear'; service: string };

export type ModelOp =
  | { kind: 'set'; service: string; status: SettableStatus }
  /** Several sets in a row, without a turn of the event loop between them. */
  | { kind: 'burst'; service: string; statuses: SettableStatus[] }
  | { kind: 'clear'; service: string }
  | { kind: 'shutdown' }
  | { kind: 'resume' }
  | { kind: 'endWatches' }
  | { kind: 'watch'; service: string; reaction?: Reaction }
  | { kind: 'unwatch'; pick: number }
  /** Wire runs only: let the event loop turn, so that writes interleave with changes. */
  | { kind: 'pause' };

const reaction: fc.Arbitrary<Reaction> = fc.oneof(
  fc.record({
    on: fc.constantFrom<ServingStatus>('SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'),
    action: fc.constant('set' as const),
    service,
    status: settable,
  }),
  fc.record({
    on: fc.constantFrom<ServingStatus>('SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'),
    action: fc.constant('clear' as const),
    service,
  }),
);

/**
 * Random operation sequences. Sets and watches are weighted up so that runs have watchers to
 * check; `reactions` adds watchers that set or clear from inside their own notification.
 */
export function modelOps(options: { reactions: boolean; pauses: boolean; maxLength: number }) {
  const watch = options.reactions
    ? fc.record({ kind: fc.constant('watch' as const), service, reaction: fc.option(reaction, { nil: undefined }) })
    : fc.record({ kind: fc.constant('watch' as const), service });
  const ops: Array<fc.WeightedArbitrary<ModelOp>> = [
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), service, status: settable }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('burst' as const), service, statuses: fc.array(settable, { minLength: 2, maxLength: 6 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('clear' as const), service }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'shutdown' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'endWatches' as const }) },
    { weight: 4, arbitrary: watch },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('unwatch' as const), pick: fc.nat(50) }) },
  ];
  if (options.pauses) ops.push({ weight: 2, arbitrary: fc.constant({ kind: 'pause' as const }) });
  return fc.array(fc.oneof(...ops), { maxLength: options.maxLength });
}

/**
 * The reference: what DESIGN.md says the registry shows, written as plainly as possible.
 * `desired` is what was last set; `visible` is what Check, List and watchers see.
 */
export class HealthModel {
  readonly desired = new Map<string, SettableStatus>([['', 'SERVING']]);
  visible = new Map<string, SettableStatus>([['', 'SERVING']]);
  shutdown = false;
  /** endWatches() while shut down: later watches end after their first status, until resume. */
  watchesEnded = false;

  constructor(readonly maxServices = Infinity) {}

  /** Returns 'range-error' when maxServices refuses a new service (nothing changes then). */
  set(service: string, status: SettableStatus): 'ok' | 'range-error' {
    if (!this.desired.has(service) && this.desired.size >= this.maxServices) return 'range-error';
    this.desired.set(service, status);
    if (!this.shutdown) this.visible.set(service, status);
    return 'ok';
  }

  /** Returns 'type-error' for "" (it cannot be cleared; nothing changes then). */
  clear(service: string): 'ok' | 'type-error' {
    if (service === '') return 'type-error';
    this.desired.delete(service);
    if (!this.shutdown) this.visible.delete(service);
    return 'ok';
  }

  enterShutdown(): void {
    if (this.shutdown) return;
    this.shutdown = true;
    for (const name of this.visible.keys()) this.visible.set(name, 'NOT_SERVING');
  }

  resume(): void {
    if (!this.shutdown) return;
    this.shutdown = false;
    this.watchesEnded = false;
    this.visible = new Map(this.desired);
  }

  endWatches(): void {
    if (this.shutdown) this.watchesEnded = true;
  }

  /** What a watcher of `service` must be on now. */
  watchStatus(service: string): ServingStatus {
    return this.visible.get(service) ?? 'SERVICE_UNKNOWN';
  }

  /** What Check answers: `undefined` means NOT_FOUND. */
  check(service: string): SettableStatus | undefined {
    return this.visible.get(service);
  }

  /** List as a sorted plain object, for exact comparison. */
  listed(): Record<string, SettableStatus> {
    return Object.fromEntries([...this.visible].sort(([x], [y]) => (x < y ? -1 : 1)));
  }

  /** The registry's stats, given the services that have open watchers. */
  stats(watchedServices: Iterable<string>, watchers: number): HealthRegistryStats {
    const held = new Set([...this.visible.keys(), ...this.desired.keys(), ...watchedServices]);
    return { services: this.visible.size, subjects: held.size, watchers, bindings: 0 };
  }
}

/** Sorts a List answer or `registry.list()` like {@link HealthModel.listed}. */
export function sortedListing(entries: Iterable<[string, SettableStatus]>): Record<string, SettableStatus> {
  return Object.fromEntries([...entries].sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** Throws unless no status follows an equal one. */
export function expectNoRepeats(statuses: readonly ServingStatus[], what: string): void {
  for (let i = 1; i < statuses.length; i++) {
    if (statuses[i] === statuses[i - 1]) {
      throw new Error(`${what} got ${statuses[i]} twice in a row: ${JSON.stringify(statuses)}`);
    }
  }
}
