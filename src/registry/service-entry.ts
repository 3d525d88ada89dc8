import type { BehaviorSubject, Unsubscribable } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { StatusSubject } from './status-subject.js';

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
 * One service's state inside a registry. The subject carries the status watchers see;
 * `desired` is what `set` last asked for, which differs from it while the registry is shut down.
 */
export class ServiceEntry {
  /** The status watchers see: SERVICE_UNKNOWN while the service is not registered. */
  subject: BehaviorSubject<ServingStatus>;
  /** What `set` last asked for; `undefined` when never set or cleared. */
  desired: SettableStatus | undefined = undefined;
  /** Whether Check, List and watchers see the service as registered. */
  visible = false;
  /** Live subscriptions made through `HealthRegistry.watch`. */
  watchers = 0;
  /** When the status watchers see last changed (or the entry was made), as `Date.now()`. */
  changedAt = Date.now();
  // The status to publish once the notification now running has finished (see publish).
  private target: ServingStatus;
  private notifying = false;
  // Rounds of the publish now running, and whether it ran into a feedback loop.
  private rounds = 0;
  private looped = false;

  /**
   * The teardown every watcher of this service holds, shared by all of them (RxJS takes any
   * `{ unsubscribe }`), so that a watcher costs no closure of its own.
   */
  readonly release: Unsubscribable;

  /**
   * @param onChange called after watchers have been told of each change
   * @param onRelease called after a watcher has gone (and `watchers` counts one less)
   */
  constructor(
    initial: ServingStatus,
    private readonly onChange: (status: ServingStatus) => void,
    onRelease: () => void,
  ) {
    this.subject = new StatusSubject(initial);
    this.target = initial;
    this.release = {
      unsubscribe: () => {
        this.watchers--;
        onRelease();
      },
    };
  }

  /** Whether a publish of this entry is running (a nested one only records its target). */
  get publishing(): boolean {
    return this.notifying;
  }

  /** Whether nothing refers to the entry any more, so the registry may forget it. */
  get disposable(): boolean {
    return !this.visible && this.desired === undefined && this.watchers === 0;
  }

  /**
   * Pushes `status` to every watcher unless it is the status they already have.
   *
   * NOTE: a watcher may call `set` from inside its own notification. RxJS would deliver that
   * nested value at once and then go on delivering the older one to the watchers after it,
   * leaving them on a stale status. So a nested publish only records its target, and the
   * outermost one delivers until the subject has settled on the newest target.
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
      while (this.subject.value !== this.target) {
        const next = this.target;
        this.rounds++;
        this.changedAt = Date.now();
        this.subject.next(next);
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
   * Completes every current watcher (their streams end) and starts a fresh subject with the
   * same status for watchers that come later. Costs nothing per watcher until it is called.
   */
  endWatchers(): void {
    const ended = this.subject;
    this.subject = new StatusSubject(ended.value);
    ended.complete();
  }
}
