import { BehaviorSubject, ObjectUnsubscribedError, Subscriber, Subscription, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StatusSubject } from '../../src/registry/status-subject.js';

// A plain Subscriber (no SafeSubscriber around it), as the Watch paths subscribe.
const recording = (seen: string[]) =>
  new Subscriber<string>({ next: (value) => void seen.push(value), error: () => {}, complete: () => {} });

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

  it('forgets an observer that unsubscribes, and is unobserved once every one has', () => {
    const subject = create('a');
    const seen: string[] = [];
    const first = subject.subscribe((value) => seen.push(`1:${value}`));
    const second = subject.subscribe((value) => seen.push(`2:${value}`));
    first.unsubscribe();
    first.unsubscribe();
    subject.next('b');
    expect(seen).toEqual(['1:a', '2:a', '2:b']);
    expect(subject.observed).toBe(true);
    second.unsubscribe();
    expect(subject.observed).toBe(false);
    subject.next('c');
    expect(seen).toEqual(['1:a', '2:a', '2:b']);
  });

  it('leaves nothing behind for an observer that unsubscribes on the current value', () => {
    const subject = create('a');
    const seen: string[] = [];
    // take(1) unsubscribes from the subject while the subject is still sending it the value.
    subject.pipe(take(1)).subscribe({ next: (value) => seen.push(value), complete: () => seen.push('done') });
    expect(subject.observed).toBe(false);
    subject.next('b');
    expect(seen).toEqual(['a', 'done']);
  });

  it('lets one subscriber watch two subjects, and takes it out of both when it unsubscribes', () => {
    const [first, second] = [create('a'), create('x')];
    const seen: string[] = [];
    const subscriber = recording(seen);
    first.subscribe(subscriber);
    second.subscribe(subscriber);
    first.next('b');
    second.next('y');
    subscriber.unsubscribe();
    expect([first.observed, second.observed]).toEqual([false, false]);
    first.next('c');
    expect(seen).toEqual(['a', 'x', 'b', 'y']);
  });

  it('takes out a subscriber that a parent subscription ends, and keeps it while another parent goes', () => {
    const subject = create('a');
    const seen: string[] = [];
    const subscriber = recording(seen);
    subject.subscribe(subscriber);
    const [parent, other] = [new Subscription(), new Subscription()];
    parent.add(subscriber);
    other.add(subscriber);
    other.remove(subscriber);
    subject.next('b');
    expect(subject.observed).toBe(true);
    parent.unsubscribe();
    expect(subject.observed).toBe(false);
    subject.next('c');
    expect(seen).toEqual(['a', 'b']);
  });

  it('does not keep a subscriber that was closed before it subscribed', () => {
    const subject = create('a');
    const subscriber = recording([]);
    subscriber.unsubscribe();
    subject.subscribe(subscriber);
    expect(subject.observed).toBe(false);
  });

  it('completes a late subscriber of a completed subject at once, without the value', () => {
    const subject = create('a');
    subject.complete();
    const seen: string[] = [];
    subject.subscribe({ next: (value) => seen.push(value), complete: () => seen.push('done') });
    expect(seen).toEqual(['done']);
    expect(subject.observed).toBe(false);
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
