import type { ServingStatus, SettableStatus } from '../serving-status.js';
import type { StatusWatcher, WatchedService } from './attach-watcher.js';
import type { ClockReading } from './change-clock.js';
import { WatcherList } from './watcher-list.js';

/**
 * How many rounds one publish may take before its cascade counts as a feedback loop. A round
 * is one status delivered to every watcher; a watcher that sets the service again from its
 * notification starts another. A settling cascade takes a handful; a loop never ends.
 */
export const MAX_PUBLISH_ROUNDS = 100;

/**
 * How deep publishes may nest: a set made from inside a notification, of a service not being
 * published already, that would start the 101st nested publish is refused.
 *
 * NOTE: a cascade that never comes back to a service (a `changes()` subscriber that sets a new
 * name for every change it sees) never loops, it recurses: the stack overflowed at ~700 levels,
 * inside an RxJS callback, which crashed the process. Real chains of bindings are a few deep.
 */
export const MAX_CASCADE_DEPTH = 100;

/**
 * What went wrong in a cascade of sets: `'loop'` (this change closed a feedback loop: the
 * service is NOT_SERVING instead, see {@link ServiceEntry.set}) or `'too-deep'` (refused: see
 * {@link MAX_CASCADE_DEPTH}).
 */
export type CascadeTrouble = 'loop' | 'too-deep';

/** What every entry of one registry reports to it: one object per registry, no closure per entry. */
export interface EntryOwner {
  /** Publishes running inside each other now, over every entry (see MAX_CASCADE_DEPTH). */
  depth: number;
  /** The entry's status changed, after its watchers were told. */
  changed(entry: ServiceEntry, status: ServingStatus): void;
  /** The entry became registered (+1) or stopped being registered (-1). */
  registered(change: 1 | -1): void;
  /** A watcher of the entry has gone (detached, or ended by endWatchers). */
  released(entry: ServiceEntry): void;
  /** The time of a change (see ChangeClock). */
  now(): ClockReading;
}

// What a publish made of a status: delivered (or recorded for the publish now running), closed
// a feedback loop, or refused because a loop was already found during this publish.
type PublishOutcome = 'published' | 'loop' | 'refused';

/**
 * One service inside a registry: its state machine, in one place.
 *
 * - `desired`: what `set` last asked for (`undefined`: never set, or cleared); the service is
 *   registered while it is defined.
 * - `visible`: whether Check, List and watchers see it as registered. It differs from
 *   "registered" only while the registry is shut down: sets and clears are then remembered,
 *   and the service shows NOT_SERVING until {@link resume}. A liveness service (the
 *   `livenessServices` option) ignores the shutdown.
 * - `status`: what watchers see: SERVICE_UNKNOWN while not visible.
 * - its watchers, told of each change in the order they came.
 */
export class ServiceEntry implements WatchedService {
  #desired: SettableStatus | undefined = undefined;
  #visible = false;
  #status: ServingStatus = 'SERVICE_UNKNOWN';
  #changedAt: ClockReading = { ms: Date.now() };
  readonly #watchers = new WatcherList();
  // The status to publish once the notification now running has finished (see #publish).
  #target: ServingStatus = 'SERVICE_UNKNOWN';
  #notifying = false;
  // Rounds of the publish now running, and whether it ran into a feedback loop.
  #rounds = 0;
  #looped = false;

  /**
   * @param service the name, as the registry's map and `changes()` know it
   * @param liveness whether the registry's shutdown leaves this service alone
   */
  constructor(
    readonly service: string,
    private readonly liveness: boolean,
    private readonly owner: EntryOwner,
  ) {}

  /** The status watchers see: SERVICE_UNKNOWN while the service is not visible. */
  get status(): ServingStatus {
    return this.#status;
  }

  /** Whether `set` registered the service (and no `clear` came after). */
  get registered(): boolean {
    return this.#desired !== undefined;
  }

  /** Whether Check, List and watchers see the service as registered. */
  get visible(): boolean {
    return this.#visible;
  }

  /** When the status watchers see last changed (or the entry was made), as `Date.now()`. */
  get changedAt(): number {
    return this.#changedAt.ms;
  }

  /** Watchers attached now. */
  get watchers(): number {
    return this.#watchers.size;
  }

  /** Whether nothing refers to the entry any more, so the registry may forget it. */
  get disposable(): boolean {
    return !this.#visible && this.#desired === undefined && this.#watchers.size === 0;
  }

  /**
   * Whether a set now would start one nested publish too many (see MAX_CASCADE_DEPTH). A set
   * that only records a target (this entry is publishing already) or is only remembered (shut
   * down) starts none.
   */
  wouldNestTooDeep(shutdown: boolean): boolean {
    return this.owner.depth >= MAX_CASCADE_DEPTH && !this.#notifying && !this.#remembersOnly(shutdown);
  }

  /** `set`: registers the service with `status`; shown at once unless the registry is shut down. */
  set(status: SettableStatus, shutdown: boolean): CascadeTrouble | undefined {
    this.#setDesired(status);
    if (this.#remembersOnly(shutdown)) return undefined;
    this.#visible = true;
    return this.#publish(status);
  }

  /** `clear`: forgets the registration; watchers see SERVICE_UNKNOWN unless shut down. */
  clear(shutdown: boolean): CascadeTrouble | undefined {
    if (this.#desired === undefined) return undefined;
    this.#setDesired(undefined);
    if (this.#remembersOnly(shutdown)) return undefined;
    this.#visible = false;
    return this.#publish('SERVICE_UNKNOWN');
  }

  /** The registry shut down: a visible service shows NOT_SERVING (a liveness one stays as it is). */
  shutdown(): void {
    // NOTE: cannot loop: while shut down, the sets of a cascade are only remembered.
    if (this.#visible && !this.liveness) this.#publish('NOT_SERVING');
  }

  /** The registry resumed: the service shows what `set` last asked for (or is unknown again). */
  resume(): CascadeTrouble | undefined {
    this.#visible = this.#desired !== undefined;
    return this.#publish(this.#desired ?? 'SERVICE_UNKNOWN');
  }

  /** Adds `watcher` and tells it the current status (as a BehaviorSubject does, in that order). */
  attach(watcher: StatusWatcher): void {
    this.#watchers.add(watcher);
    watcher.next(this.#status);
  }

  detach(watcher: object): void {
    if (this.#watchers.remove(watcher)) this.owner.released(this);
  }

  /**
   * Completes every current watcher (their streams end); watchers that come later see the same
   * status as before. Costs nothing per watcher until it is called.
   */
  endWatchers(): void {
    for (const watcher of this.#watchers.takeAll()) {
      this.owner.released(this);
      watcher.complete();
    }
  }

  #remembersOnly(shutdown: boolean): boolean {
    return shutdown && !this.liveness;
  }

  #setDesired(desired: SettableStatus | undefined): void {
    if ((this.#desired === undefined) !== (desired === undefined)) this.owner.registered(desired === undefined ? -1 : 1);
    this.#desired = desired;
  }

  /**
   * Pushes `status` to every watcher unless it is the status they already have. When the
   * publish closes a feedback loop, the service is left registered and NOT_SERVING (what its
   * watchers are told last), and `'loop'` tells the caller to report it.
   *
   * NOTE: this drop and the latest-value slot of each transport (src/latest-value-slot.ts) are
   * two halves of "never the same status twice in a row": this one keeps a set of the status a
   * service already has from reaching anyone (in-process subscribers and changes() included);
   * the slot keeps a consumer that was busy during A -> B -> A from being sent A again.
   */
  #publish(status: ServingStatus): CascadeTrouble | undefined {
    const outcome = this.#deliver(status);
    if (outcome === 'published') return undefined;
    this.#setDesired('NOT_SERVING');
    this.#visible = true;
    return outcome === 'loop' ? 'loop' : undefined;
  }

  /**
   * NOTE: a watcher may call `set` from inside its own notification. Delivering that nested
   * status at once and then going on with the older one would leave the watchers after it on a
   * stale status. So a nested publish only records its target, and the outermost one delivers
   * until the entry has settled on the newest target.
   *
   * NOTE: two watchers that contradict each other (bindings `b` follows `a`, `a` is not `b`;
   * or a `changes()` subscriber that flips what it is told) never let it settle, and a
   * synchronous loop would hold the process at 100% CPU with no timer ever firing again. So a
   * nested publish past {@link MAX_PUBLISH_ROUNDS} rounds is the one that closed a loop: the
   * target becomes NOT_SERVING, later nested publishes are refused until this one returns.
   */
  #deliver(status: ServingStatus): PublishOutcome {
    if (this.#notifying) {
      if (this.#looped) return 'refused';
      if (this.#rounds < MAX_PUBLISH_ROUNDS) {
        this.#target = status;
        return 'published';
      }
      this.#looped = true;
      this.#target = 'NOT_SERVING';
      return 'loop';
    }
    this.#target = status;
    this.#notifying = true;
    // NOTE: counted here, in the try/finally the loop needs anyway: one of its own around
    // #deliver cost ~5 ns per set (a tenth of an in-process set).
    this.owner.depth++;
    try {
      while (this.#status !== this.#target) {
        const next = (this.#status = this.#target);
        this.#rounds++;
        this.#changedAt = this.owner.now();
        this.#watchers.next(next);
        this.owner.changed(this, next);
      }
    } finally {
      this.owner.depth--;
      this.#notifying = false;
      this.#looped = false;
      this.#rounds = 0;
    }
    return 'published';
  }
}
