import { BehaviorSubject, ObjectUnsubscribedError, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StatusSubject } from '../../src/registry/status-subject.js';

// StatusSubject only replaces how `next` walks the observers; every case here must behave
// exactly as a BehaviorSubject does, so each runs against both.
describe.each([
  ['StatusSubject', (value: string) => new StatusSubject(value)],
  ['BehaviorSubject (reference)', (value: string) => new BehaviorSubject(value)],
])('%s', (_name, create) => {
  it('gives the current value on subscribe, then each next, to every observer in order', () => {
    const subject = create('a');
    const seen: string[] = [];
    subject.subscribe((value) => seen.push(`1:${value}`));
    subject.subscribe((value) => seen.push(`2:${value}`));
    subject.next('b');
    expect(seen).toEqual(['1:a', '2:a', '1:b', '2:b']);
    expect(subject.value).toBe('b');
  });

  it('does not tell an observer that subscribed during a next of that value twice, nor skip one', () => {
    const subject = create('a');
    const seen: string[] = [];
    subject.subscribe((value) => {
      seen.push(`1:${value}`);
      if (value === 'b') subject.subscribe((late) => seen.push(`late:${late}`));
    });
    subject.subscribe((value) => seen.push(`2:${value}`));
    subject.next('b');
    subject.next('c');
    expect(seen).toEqual(['1:a', '2:a', '1:b', 'late:b', '2:b', '1:c', '2:c', 'late:c']);
  });

  it('still tells, during that next, an observer that a previous one unsubscribed', () => {
    const subject = create('a');
    const seen: string[] = [];
    let second: Subscription | undefined;
    subject.subscribe((value) => {
      seen.push(`1:${value}`);
      if (value === 'b') second?.unsubscribe();
    });
    second = subject.subscribe((value) => seen.push(`2:${value}`));
    subject.next('b');
    subject.next('c');
    // RxJS walks a snapshot: the second observer is told b, then nothing more.
    expect(seen).toEqual(['1:a', '2:a', '1:b', '1:c']);
    expect(subject.observed).toBe(true);
  });

  it('tells nobody of a next after complete, and throws once unsubscribed', () => {
    const subject = create('a');
    const seen: string[] = [];
    subject.subscribe({ next: (value) => seen.push(value), complete: () => seen.push('done') });
    subject.complete();
    subject.next('b');
    expect(seen).toEqual(['a', 'done']);
    subject.unsubscribe();
    expect(() => subject.next('c')).toThrow(ObjectUnsubscribedError);
  });
});
