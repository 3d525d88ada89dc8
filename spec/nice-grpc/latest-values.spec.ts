import { getEventListeners } from 'node:events';
import { BehaviorSubject, Observable, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { latestValues } from '../../src/index.js';
import { within } from '../support/bounded.js';

describe('latestValues', () => {
  it('yields the current value, then the newest one after a busy consumer comes back', async () => {
    const source = new BehaviorSubject('A');
    const iterator = latestValues(source, new AbortController().signal);
    expect(await iterator.next()).toEqual({ value: 'A', done: false });
    // The consumer is busy: three values arrive before it asks again.
    source.next('B');
    source.next('C');
    source.next('D');
    expect(await iterator.next()).toEqual({ value: 'D', done: false });
    // Set while the consumer is busy right after a yield: not lost (nice-grpc-server-health's bug).
    const pending = iterator.next();
    source.next('E');
    expect(await within(1_000, 'E', pending)).toEqual({ value: 'E', done: false });
    await iterator.return();
    expect(source.observed).toBe(false);
  });

  it('does not yield a value equal to the last one yielded (A -> B -> A while busy)', async () => {
    const source = new BehaviorSubject('A');
    const iterator = latestValues(source, new AbortController().signal);
    await iterator.next();
    source.next('B');
    source.next('A');
    const pending = iterator.next();
    source.next('C');
    expect(await within(1_000, 'C', pending)).toEqual({ value: 'C', done: false });
    await iterator.return();
  });

  it('holds one subscription for the whole iteration and releases it on abort', async () => {
    const source = new BehaviorSubject(1);
    let subscriptions = 0;
    const tracked = source.asObservable();
    const wrapped = new Observable<number>((subscriber) => {
      subscriptions++;
      return tracked.subscribe(subscriber);
    });
    const controller = new AbortController();
    const iterator = latestValues(wrapped, controller.signal);
    await iterator.next();
    for (let i = 2; i < 50; i++) {
      source.next(i);
      await iterator.next();
    }
    expect(subscriptions).toBe(1);
    const waiting = iterator.next();
    controller.abort();
    expect(await within(1_000, 'the end after abort', waiting)).toEqual({ value: undefined, done: true });
    expect(source.observed).toBe(false);
  });

  it('ends at once for an already aborted signal without subscribing', async () => {
    const source = new BehaviorSubject(1);
    const controller = new AbortController();
    controller.abort();
    expect(await latestValues(source, controller.signal).next()).toEqual({ value: undefined, done: true });
    expect(source.observed).toBe(false);
  });

  it('yields the pending value, then ends when the source completes', async () => {
    const source = new Subject<string>();
    const iterator = latestValues(source, new AbortController().signal, (v) => v.toUpperCase());
    const first = iterator.next();
    source.next('x');
    source.complete();
    expect(await first).toEqual({ value: 'X', done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('rethrows a source error', async () => {
    const iterator = latestValues(throwError(() => new Error('boom')), new AbortController().signal);
    await expect(iterator.next()).rejects.toThrow('boom');
  });

  it('leaves no abort listener on a long-lived signal once the source completes', async () => {
    const shared = new AbortController().signal;
    for (let i = 0; i < 5; i++) {
      const source = new Subject<number>();
      const iterator = latestValues(source, shared);
      source.next(i);
      source.complete();
      expect(await iterator.next()).toEqual({ value: i, done: false });
      expect(await iterator.next()).toEqual({ value: undefined, done: true });
    }
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  });

  it('answers next() calls made before the previous one settled, each in turn', async () => {
    const source = new BehaviorSubject('A');
    const controller = new AbortController();
    const iterator = latestValues(source, controller.signal);
    expect(await iterator.next()).toEqual({ value: 'A', done: false });
    const first = iterator.next();
    const second = iterator.next();
    source.next('B');
    expect(await within(1_000, 'the first next()', first)).toEqual({ value: 'B', done: false });
    source.next('C');
    expect(await within(1_000, 'the second next()', second)).toEqual({ value: 'C', done: false });
    const third = iterator.next();
    const fourth = iterator.next();
    controller.abort();
    expect(await within(1_000, 'both to end', Promise.all([third, fourth]))).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
  });
});
