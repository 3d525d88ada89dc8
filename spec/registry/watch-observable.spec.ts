import { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { shortcutBehaves } from '../../src/registry/watch-observable.js';
import type { Attach } from '../../src/registry/watch-observable.js';

// Shortcuts as a future RxJS could make ours look: each differs from RxJS's behaviour in one way.
type Shortcut = Parameters<typeof shortcutBehaves>[0];
const subscribeAs = (observer: Parameters<Shortcut>[1]) =>
  typeof observer === 'function' ? { next: observer } : observer;

const leaky: Shortcut = (attach: Attach, observer) => {
  const { next, complete } = subscribeAs(observer);
  attach({ next: (status) => next?.(status), complete: () => complete?.() });
  return new Subscription(); // unsubscribing leaves the watcher attached
};

const noisy: Shortcut = (attach: Attach, observer) => {
  const { next, complete } = subscribeAs(observer);
  const watcher = { next: (status: never) => next?.(status), complete: () => complete?.() };
  const watched = attach(watcher);
  return new Subscription(() => watched.detach(watcher)); // told after unsubscribing, during a walk
};

const throwing: Shortcut = () => {
  throw new TypeError('this RxJS has no such thing');
};

describe('shortcutBehaves (the self-check behind HealthRegistry.watch)', () => {
  it('passes on the RxJS this package runs with, so the shortcut is on', async () => {
    const { useShortcut } = await import('../../src/registry/watch-observable.js');
    useShortcut(undefined);
    // The verdict is the shortcut's own; the registry's subscribers show it took the shortcut.
    const { HealthRegistry } = await import('../../src/registry/health-registry.js');
    const { Subscriber } = await import('rxjs');
    expect(new HealthRegistry().watch('').subscribe(() => {}) instanceof Subscriber).toBe(false);
  });

  it.each([
    ['one that never detaches', leaky],
    ['one that tells an observer unsubscribed during a walk', noisy],
    ['one that throws', throwing],
  ])('fails for a shortcut that differs from RxJS: %s', (_what, shortcut) => {
    expect(shortcutBehaves(shortcut)).toBe(false);
  });
});
