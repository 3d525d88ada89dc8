import { BehaviorSubject, Subscriber, Subscription, config, take, type Observable } from 'rxjs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/registry/health-registry.js';
import { useShortcut } from '../../src/registry/watch-observable.js';
import type { SettableStatus } from '../../src/serving-status.js';
import { within } from '../support/bounded.js';

/** A status source: what `watch()` gives, how to change it, and how many watchers it holds. */
interface Source {
  watch(): Observable<string>;
  set(status: SettableStatus): void;
  watchers(): number;
}

function registrySource(): Source {
  const registry = new HealthRegistry();
  return { watch: () => registry.watch(''), set: (status) => registry.set('', status), watchers: () => registry.watcherCount };
}

// A registry's watch() keeps its own list of watchers instead of a BehaviorSubject, and takes a
// shortcut around RxJS's SafeSubscriber for plain callbacks and observers (watch-observable.ts).
// Each case runs against it with the shortcut, with the shortcut off (every subscriber the RxJS
// way, as when the self-check fails), and against a BehaviorSubject, the reference.
const sources: [string, () => Source][] = [
  ['HealthRegistry.watch (shortcut)', registrySource],
  ['HealthRegistry.watch (RxJS path)', registrySource],
  [
    'BehaviorSubject (reference)',
    () => {
      const subject = new BehaviorSubject<string>('SERVING');
      return { watch: () => subject, set: (status) => subject.next(status), watchers: () => subject.observers.length };
    },
  ],
];

// A plain Subscriber (no SafeSubscriber around it).
const recording = (seen: string[]) =>
  new Subscriber<string>({ next: (value) => void seen.push(value), error: () => {}, complete: () => {} });

describe.each(sources)('%s', (name, create) => {
  beforeEach(() => useShortcut(!name.includes('RxJS path')));
  afterAll(() => useShortcut(undefined));

  it('gives the current status on subscribe, then each change, to every observer in order', () => {
    const source = create();
    const seen: string[] = [];
    source.watch().subscribe((status) => seen.push(`1:${status}`));
    source.watch().subscribe((status) => seen.push(`2:${status}`));
    source.set('NOT_SERVING');
    expect(seen).toEqual(['1:SERVING', '2:SERVING', '1:NOT_SERVING', '2:NOT_SERVING']);
  });

  it('does not tell an observer that subscribed during a change of that change twice, nor skip one', () => {
    const source = create();
    const seen: string[] = [];
    source.watch().subscribe((status) => {
      seen.push(`1:${status}`);
      if (status === 'NOT_SERVING') source.watch().subscribe((late) => seen.push(`late:${late}`));
    });
    source.watch().subscribe((status) => seen.push(`2:${status}`));
    source.set('NOT_SERVING');
    source.set('SERVING');
    expect(seen).toEqual([
      '1:SERVING',
      '2:SERVING',
      '1:NOT_SERVING',
      'late:NOT_SERVING',
      '2:NOT_SERVING',
      '1:SERVING',
      '2:SERVING',
      'late:SERVING',
    ]);
  });

  it('does not tell, during that change, an observer that a previous one unsubscribed', () => {
    const source = create();
    const seen: string[] = [];
    let second: Subscription | undefined;
    source.watch().subscribe((status) => {
      seen.push(`1:${status}`);
      if (status === 'NOT_SERVING') second?.unsubscribe();
    });
    second = source.watch().subscribe((status) => seen.push(`2:${status}`));
    source.set('NOT_SERVING');
    source.set('SERVING');
    expect(seen).toEqual(['1:SERVING', '2:SERVING', '1:NOT_SERVING', '1:SERVING']);
    expect(source.watchers()).toBe(1);
  });

  it('forgets an observer that unsubscribes (twice is harmless), and holds none once every one has', () => {
    const source = create();
    const seen: string[] = [];
    const first = source.watch().subscribe((status) => seen.push(`1:${status}`));
    const second = source.watch().subscribe((status) => seen.push(`2:${status}`));
    first.unsubscribe();
    first.unsubscribe();
    source.set('NOT_SERVING');
    expect(seen).toEqual(['1:SERVING', '2:SERVING', '2:NOT_SERVING']);
    expect(source.watchers()).toBe(1);
    second.unsubscribe();
    expect(source.watchers()).toBe(0);
    source.set('SERVING');
    expect(seen).toEqual(['1:SERVING', '2:SERVING', '2:NOT_SERVING']);
  });

  it('leaves nothing behind for an observer that unsubscribes on the current status', () => {
    const source = create();
    const seen: string[] = [];
    // take(1) unsubscribes while the status is still being delivered to it.
    source.watch().pipe(take(1)).subscribe({ next: (status) => seen.push(status), complete: () => seen.push('done') });
    expect(source.watchers()).toBe(0);
    source.set('NOT_SERVING');
    expect(seen).toEqual(['SERVING', 'done']);
  });

  it('takes out a Subscriber subscribed as it is when it unsubscribes, or a parent subscription ends', () => {
    const source = create();
    const seen: string[] = [];
    const subscriber = recording(seen);
    source.watch().subscribe(subscriber);
    const [parent, other] = [new Subscription(), new Subscription()];
    parent.add(subscriber);
    other.add(subscriber);
    other.remove(subscriber);
    source.set('NOT_SERVING');
    expect(source.watchers()).toBe(1);
    parent.unsubscribe();
    expect(source.watchers()).toBe(0);
    source.set('SERVING');
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
  });

  it('does not keep a Subscriber that was closed before it subscribed', () => {
    const source = create();
    const subscriber = recording([]);
    subscriber.unsubscribe();
    source.watch().subscribe(subscriber);
    expect(source.watchers()).toBe(0);
  });

  it('goes on telling the others when one observer throws, and reports the error asynchronously', async () => {
    const source = create();
    const seen: string[] = [];
    const reported = new Promise<unknown>((resolve) => (config.onUnhandledError = resolve));
    try {
      source.watch().subscribe((status) => {
        if (status === 'NOT_SERVING') throw new Error('observer failed');
      });
      source.watch().subscribe((status) => seen.push(status));
      source.set('NOT_SERVING');
      expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
      expect(await within(1_000, 'the report', reported)).toMatchObject({ message: 'observer failed' });
    } finally {
      config.onUnhandledError = null;
    }
  });
});

describe('HealthRegistry.watch: which subscribers take the shortcut', () => {
  afterAll(() => useShortcut(undefined));

  it.each([
    ['a callback', (watch: Observable<string>) => watch.subscribe(() => {}), true],
    ['a partial observer', (watch: Observable<string>) => watch.subscribe({ complete: () => {} }), true],
    ['a Subscriber', (watch: Observable<string>) => watch.subscribe(recording([])), false],
    ['an operator chain', (watch: Observable<string>) => watch.pipe(take(5)).subscribe(() => {}), false],
    ['the deprecated three callbacks', (watch: Observable<string>) => watch.subscribe(null, () => {}, () => {}), false],
  ])('%s: shortcut %s', (_what, subscribe, shortcut) => {
    useShortcut(undefined);
    const subscription = subscribe(new HealthRegistry().watch(''));
    // The shortcut returns a plain Subscription; RxJS returns the Subscriber it made or was given.
    expect(subscription instanceof Subscriber).toBe(!shortcut);
    expect(subscription).toBeInstanceOf(Subscription);
  });

  it('goes the RxJS way for everyone when RxJS runs in a deprecated mode', () => {
    useShortcut(undefined);
    (config as { useDeprecatedNextContext?: boolean }).useDeprecatedNextContext = true;
    try {
      const seen: string[] = [];
      const subscription = new HealthRegistry().watch('').subscribe(function (this: unknown, status) {
        seen.push(status);
      });
      expect(subscription).toBeInstanceOf(Subscriber);
      expect(seen).toEqual(['SERVING']);
    } finally {
      (config as { useDeprecatedNextContext?: boolean }).useDeprecatedNextContext = false;
    }
  });
});
