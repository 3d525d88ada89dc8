import type { BehaviorSubject, Unsubscribable } from 'rxjs';
import type { ServingStatus, SettableStatus } from '../serving-status.js';
import { StatusSubject } from './status-subject.js';

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
  // The status to publish once the notification now running has finished (see publish).
  private target: ServingStatus;
  private notifying = false;

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
   */
  publish(status: ServingStatus): void {
    this.target = status;
    if (this.notifying) return;
    this.notifying = true;
    try {
      while (this.subject.value !== this.target) {
        const next = this.target;
        this.subject.next(next);
        this.onChange(next);
      }
    } finally {
      this.notifying = false;
    }
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
