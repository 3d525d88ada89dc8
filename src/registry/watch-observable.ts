import { Observable, Subscriber, Subscription, config, take, type Observer } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';
import { CallbackWatcher, ObserverWatcher, type DirectWatcher } from './direct-watchers.js';
import type { StatusWatcher, WatchedService } from './attach-watcher.js';
import { WatcherList } from './watcher-list.js';

/** Attaches a watcher to one service (see HealthRegistry's attachWatcher). */
export type Attach = (watcher: StatusWatcher) => WatchedService;

type NextOrObserver = Partial<Observer<ServingStatus>> | ((status: ServingStatus) => void) | null | undefined;

/**
 * What `HealthRegistry.watch()` returns: an RxJS Observable of a service's statuses that takes
 * a shortcut for plain callbacks and observers.
 *
 * RxJS wraps a callback into a SafeSubscriber; this subscribes a {@link CallbackWatcher} (or an
 * {@link ObserverWatcher}) instead, which calls the callback the way RxJS does. A Subscriber
 * (an operator's, `firstValueFrom`'s, one passed in by the user) and the deprecated
 * three-callback form go the RxJS way, as does everything when the shortcut is off: when one of
 * RxJS's deprecated modes is on, or when {@link shortcutBehaves} found, on this RxJS, that the
 * shortcut does not behave exactly as RxJS does.
 *
 * NOTE: this file (with direct-watchers.ts) holds everything the package assumes about how
 * RxJS delivers to a subscriber. It uses RxJS's public API only; what it assumes is checked on
 * the RxJS actually loaded, once, before the first shortcut is taken.
 */
export class WatchObservable extends Observable<ServingStatus> {
  readonly #attach: Attach;

  constructor(attach: Attach) {
    super((subscriber) => {
      const watched = attach(subscriber);
      return () => watched.detach(subscriber);
    });
    this.#attach = attach;
  }

  override subscribe(
    observerOrNext?: NextOrObserver,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    if (error == null && complete == null && takesShortcut(observerOrNext)) return subscribeDirectly(this.#attach, observerOrNext);
    return (super.subscribe as (...args: unknown[]) => Subscription).call(this, ...arguments);
  }
}

/** Subscribes `observerOrNext` through the shortcut: no SafeSubscriber, one watcher object. */
function subscribeDirectly(attach: Attach, observerOrNext: Exclude<NextOrObserver, null | undefined>): Subscription {
  let watched: WatchedService | undefined;
  const subscription = new Subscription(() => {
    watcher.stop();
    watched?.detach(watcher);
  });
  const watcher: DirectWatcher =
    typeof observerOrNext === 'function'
      ? new CallbackWatcher(observerOrNext, subscription)
      : new ObserverWatcher(observerOrNext, subscription);
  watched = attach(watcher);
  return subscription;
}

// Whether RxJS would wrap `value` in a SafeSubscriber (RxJS 7's own test, isSubscriber, negated).
function isPlainObserver(value: NextOrObserver): value is Exclude<NextOrObserver, null | undefined> {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object' || value instanceof Subscriber || value instanceof Subscription) return false;
  const candidate = value as Partial<Record<'next' | 'error' | 'complete' | 'add' | 'remove' | 'unsubscribe', unknown>>;
  const subscriberLike = ['next', 'error', 'complete', 'add', 'remove', 'unsubscribe'].every(
    (method) => typeof candidate[method as keyof typeof candidate] === 'function',
  );
  return !subscriberLike;
}

function takesShortcut(value: NextOrObserver): value is Exclude<NextOrObserver, null | undefined> {
  if (!isPlainObserver(value)) return false;
  // RxJS's deprecated modes change how a SafeSubscriber calls and fails; leave those to RxJS.
  const modes = config as { useDeprecatedSynchronousErrorHandling?: boolean; useDeprecatedNextContext?: boolean };
  if (modes.useDeprecatedSynchronousErrorHandling || modes.useDeprecatedNextContext || config.onStoppedNotification) return false;
  return (verdict ??= shortcutBehaves(subscribeDirectly));
}

// Whether the shortcut behaves like RxJS here: decided once per loaded copy of this module.
let verdict: boolean | undefined;

/**
 * @internal For specs: `false` sends every subscriber the RxJS way, `true` forces the shortcut,
 * `undefined` goes back to the self-check's verdict.
 */
export function useShortcut(enabled: boolean | undefined): void {
  verdict = enabled;
}

/**
 * The self-check: runs one script of subscribes, statuses, unsubscribes and an end through
 * `shortcut` and through RxJS's own `subscribe`, and tells whether both left the same trace
 * (what each observer saw, how many watchers stayed attached, which subscriptions closed).
 */
export function shortcutBehaves(shortcut: typeof subscribeDirectly): boolean {
  try {
    const viaRxjs = runScript((attach, observer) => new Observable<ServingStatus>((subscriber) => {
      const watched = attach(subscriber);
      return () => watched.detach(subscriber);
    }).subscribe(observer));
    const viaShortcut = runScript(shortcut);
    return viaRxjs.length > 10 && viaRxjs.join('\n') === viaShortcut.join('\n');
  } catch {
    return false;
  }
}

function runScript(subscribe: (attach: Attach, observer: Exclude<NextOrObserver, null | undefined>) => Subscription): string[] {
  const trace: string[] = [];
  const watchers = new WatcherList();
  let status: ServingStatus = 'SERVING';
  const attach: Attach = (watcher) => {
    watchers.add(watcher);
    watcher.next(status);
    return { detach: (gone) => void watchers.remove(gone) };
  };
  const set = (next: ServingStatus) => {
    status = next;
    watchers.next(next);
    trace.push(`set ${next}: ${watchers.size} attached`);
  };
  const a = subscribe(attach, (value) => trace.push(`a ${value}`));
  const b = subscribe(attach, { next: (value) => trace.push(`b ${value}`), complete: () => trace.push('b done') });
  const c = subscribe(attach, { complete: () => trace.push('c done') });
  set('NOT_SERVING');
  a.unsubscribe();
  a.unsubscribe();
  trace.push(`a closed ${a.closed}`);
  // An observer that unsubscribes another one during a walk: that one is not told.
  let e: Subscription | undefined;
  const d = subscribe(attach, (value) => {
    trace.push(`d ${value}`);
    if (value === 'SERVING') e?.unsubscribe();
  });
  e = subscribe(attach, (value) => trace.push(`e ${value}`));
  set('SERVING');
  // An operator's Subscriber goes the RxJS way: it must leave when its chain does.
  new WatchObservable(attach).pipe(take(2)).subscribe((value) => trace.push(`take ${value}`));
  set('NOT_SERVING');
  for (const watcher of watchers.takeAll()) watcher.complete();
  trace.push(`ended: ${watchers.size} attached; b ${b.closed}, c ${c.closed}, d ${d.closed}, e ${e.closed}`);
  return trace;
}
