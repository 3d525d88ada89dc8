import { describe, expect, it } from 'vitest';
import type { StatusWatcher } from '../../src/registry/attach-watcher.js';
import { WatcherList } from '../../src/registry/watcher-list.js';
import type { ServingStatus } from '../../src/serving-status.js';

/** A watcher that records what it is told, as `name:status`, and may act on a status. */
function watcher(name: string, seen: string[], act?: (status: ServingStatus) => void): StatusWatcher {
  return {
    next: (status) => {
      seen.push(`${name}:${status}`);
      act?.(status);
    },
    complete: () => seen.push(`${name}:done`),
  };
}

describe('WatcherList', () => {
  it('tells every watcher, in the order they came', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    for (const name of ['a', 'b', 'c']) list.add(watcher(name, seen));
    list.next('SERVING');
    expect(seen).toEqual(['a:SERVING', 'b:SERVING', 'c:SERVING']);
    expect(list.size).toBe(3);
  });

  it('removes one entry of a watcher added twice, and says whether it found one', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    const twice = watcher('a', seen);
    list.add(twice);
    list.add(twice);
    expect(list.remove(twice)).toBe(true);
    list.next('SERVING');
    expect(seen).toEqual(['a:SERVING']);
    expect(list.remove(twice)).toBe(true);
    expect(list.remove(twice)).toBe(false);
    expect(list.size).toBe(0);
  });

  it('leaves a watcher added during a walk out of that walk, and tells it the next one', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    const late = watcher('late', seen);
    list.add(watcher('a', seen, (status) => status === 'NOT_SERVING' && list.add(late)));
    list.add(watcher('b', seen));
    list.next('NOT_SERVING');
    list.next('SERVING');
    expect(seen).toEqual(['a:NOT_SERVING', 'b:NOT_SERVING', 'a:SERVING', 'b:SERVING', 'late:SERVING']);
  });

  it('finishes a walk over watchers removed during it, and leaves them out of the next', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    const b = watcher('b', seen);
    const a = watcher('a', seen, (status) => status === 'NOT_SERVING' && list.remove(a) && list.remove(b));
    list.add(a);
    list.add(b);
    list.add(watcher('c', seen));
    list.next('NOT_SERVING');
    list.next('SERVING');
    // b is still told NOT_SERVING: a Subscriber that unsubscribed ignores it by itself.
    expect(seen).toEqual(['a:NOT_SERVING', 'b:NOT_SERVING', 'c:NOT_SERVING', 'c:SERVING']);
  });

  it('keeps a nested walk from ending the outer walk’s hold on the array', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    const late = watcher('late', seen);
    list.add(
      watcher('a', seen, (status) => {
        if (status === 'NOT_SERVING') {
          list.next('UNKNOWN'); // nested
          list.add(late); // after the nested walk, still during the outer one
        }
      }),
    );
    list.add(watcher('b', seen));
    list.next('NOT_SERVING');
    expect(seen).toEqual(['a:NOT_SERVING', 'a:UNKNOWN', 'b:UNKNOWN', 'b:NOT_SERVING']);
    expect(list.size).toBe(3);
  });

  it('takeAll() empties the list and returns who was in it, even during a walk', () => {
    const [list, seen] = [new WatcherList(), [] as string[]];
    let taken: StatusWatcher[] = [];
    list.add(watcher('a', seen, () => (taken = list.takeAll())));
    list.add(watcher('b', seen));
    list.next('SERVING');
    expect(seen).toEqual(['a:SERVING', 'b:SERVING']);
    expect(taken).toHaveLength(2);
    expect(list.size).toBe(0);
    list.add(watcher('c', seen));
    list.next('NOT_SERVING');
    expect(seen.at(-1)).toBe('c:NOT_SERVING');
  });
});
