import type { ServingStatus, SettableStatus } from '../serving-status.js';
import type { StatusWatcher, WatchedService } from './attach-watcher.js';
import { WatcherList } from './watcher-list.js';

/**
 * How many rounds one publish may take before its cascade counts as a feedback loop. A round
 * is one status delivered to every watcher; a watcher that sets the service again from its
 * notification starts another. A settling cascade takes a handful; a loop never ends.
 */
export const MAX_PUBLISH_ROUNDS = 100;

/**
 * What {@link ServiceEntry.publish} made of a status: `'published'` (delivered, or recorded for
 * the publish now running), `'loop'` (this status would have started one round too many: the
 * service is NOT_SERVING instead, and the caller closed a feedback loop), or `'refused'` (a
 * loop was already found during this publish: ignored).
 */
export type PublishOutcome = 'published' | 'loop' | 'refused';

/**
 * One service's state inside a registry. `status` is what watchers see; `desired` is what `set`
 * last asked for, which differs from it while the registry is shut down.
 */
export class ServiceEntry implements WatchedService {
  /** What `set` last asked for; `undefined` when never set or cleared. */
  desired: SettableStatus | undefined = undefined;
  /** Whether Check, List and watchers see the service as registered. */
  visible = false;
  /** When the status watchers see last changed (or the entry was made), as `Date.now()`. */
  changedAt = Date.now();
  #status: ServingStatus;
  readonly #watchers = new WatcherList();
  // The status to publish once the notification now running has finished (see publish).
  private target: ServingStatus;
  private notifying = false;
  // Rounds of the publish now running, and whether it ran into a feedback loop.
  private rounds = 0;
  private looped = false;

  /**
   * @param onChange called after watchers have been told of each change
   * @param onRelease called after a watcher has gone (detached, or ended by endWatchers)
   */
  constructor(
    initial: ServingStatus,
    private readonly onChange: (status: ServingStatus) => void,
    private readonly onRelease: () => void,
  ) {
    this.#status = initial;
    this.target = initial;
  }

  /** The status watchers see: SERVICE_UNKNOWN while the service is not registered. */
  get status(): ServingStatus {
    return this.#status;
  }

  /** Watchers attached now. */
  get watchers(): number {
    return this.#watchers.size;
  }

  /** Whether a publish of this entry is running (a nested one only records its target). */
  get publishing(): boolean {
    return this.notifying;
  }

  /** Whether nothing refers to the entry any more, so the registry may forget it. */
  get disposable(): boolean {
    return !this.visible && this.desired === undefined && this.#watchers.size === 0;
  }

  /** Adds `watcher` and tells it the current status (as a BehaviorSubject does, in that order). */
  attach(watcher: StatusWatcher): void {
    this.#watchers.add(watcher);
    watcher.next(this.#status);
  }

  detach(watcher: object): void {
    if (this.#watchers.remove(watcher)) this.onRelease();
  }

  /**
   * Pushes `status` to every watcher unless it is the status they already have.
   *
   * NOTE: this drop and the latest-value slot of each transport (src/latest-value-slot.ts) are
   * two halves of "never the same status twice in a row": this one keeps a set of the status a
   * service already has from reaching anyone (in-process subscribers and changes() included);
   * the slot keeps a consumer that was busy during A -> B -> A from being sent A again.
   *
   * NOTE: a watcher may call `set` from inside its own notification. RxJS would deliver that
   * nested value at once and then go on delivering the older one to the watchers after it,
   * leaving them on a stale status. So a nested publish only records its target, and the
   * outermost one delivers until the entry has settled on the newest target.
   *
   * NOTE: two watchers that contradict each other (bindings `b` follows `a`, `a` is not `b`;
   * or a `changes()` subscriber that flips what it is told) never let it settle, and a
   * synchronous loop would hold the process at 100% CPU with no timer ever firing again. So a
   * nested publish past {@link MAX_PUBLISH_ROUNDS} rounds is the one that closed a loop: the
   * target becomes NOT_SERVING, later nested publishes are refused until this one returns, and
   * the caller is told (`'loop'`) so that it can end its binding and report it.
   */
  publish(status: ServingStatus): PublishOutcome {
    if (this.notifying) {
      if (this.looped) return 'refused';
      if (this.rounds < MAX_PUBLISH_ROUNDS) {
        this.target = status;
        return 'published';
      }
      this.looped = true;
      this.target = 'NOT_SERVING';
      return 'loop';
    }
    this.target = status;
    this.notifying = true;
    try {
      while (this.#status !== this.target) {
        const next = (this.#status = this.target);
        this.rounds++;
        this.changedAt = Date.now();
        this.#watchers.next(next);
        this.onChange(next);
      }
    } finally {
      this.notifying = false;
      this.looped = false;
      this.rounds = 0;
    }
    return 'published';
  }

  /**
   * Completes every current watcher (their streams end); watchers that come later see the same
   * status as before. Costs nothing per watcher until it is called.
   */
  endWatchers(): void {
    for (const watcher of this.#watchers.takeAll()) {
      this.onRelease();
      watcher.complete();
    }
  }
}
