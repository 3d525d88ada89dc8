import { describe, expect, it } from 'vitest';
import { LatestValueSlot, NOTHING_NEW } from '../src/latest-value-slot.js';

// The rule of all three transports: nice-grpc's Watch (pull), grpc-js's Watch (push, until
// 'drain') and the HTTP event stream (a slot per service). Each row: what the producer offers (`+X`), when the consumer takes (`?`) or goes (`clear`),
// and what each take gives (`-` for nothing new). The rule every transport follows.
const CASES: [string, string, string][] = [
  ['a take from an empty slot gives nothing', '?', '-'],
  ['a value is taken once', '+A ? ?', 'A -'],
  ['a newer value overwrites one not taken yet', '+A +B +C ?', 'C'],
  ['the same value again is not news', '+A ? +A ?', 'A -'],
  ['A -> B -> A while the consumer was busy is not news', '+A ? +B +A ?', 'A -'],
  ['... but B is, once A was taken after it', '+A ? +B ? +A ?', 'A B A'],
  ['a value that is not news still empties the slot', '+A ? +A ? +B ?', 'A - B'],
  ['after clear() the consumer is new: its first value is news', '+A ? clear +A ?', 'A A'],
  ['clear() drops a value not taken yet', '+A clear ?', '-'],
];

describe('LatestValueSlot', () => {
  it.each(CASES)('%s: %s gives %s', (_title, steps, expected) => {
    const slot = new LatestValueSlot<string>();
    const taken: string[] = [];
    for (const step of steps.split(' ')) {
      if (step === '?') {
        const value = slot.take();
        taken.push(value === NOTHING_NEW ? '-' : value);
      } else if (step === 'clear') {
        slot.clear();
      } else {
        slot.offer(step.slice(1));
        expect(slot.full).toBe(true);
      }
    }
    expect(taken.join(' ')).toBe(expected);
    expect(slot.full).toBe(false);
  });

  it('says whether the consumer has been told anything yet (what the HTTP stream forgets a service by)', () => {
    const slot = new LatestValueSlot<string>();
    slot.offer('A');
    expect(slot.told).toBe(false);
    slot.take();
    expect(slot.told).toBe(true);
    slot.clear();
    expect(slot.told).toBe(false);
  });

  it('treats undefined and NaN as values, by Object.is', () => {
    const slot = new LatestValueSlot<number | undefined>();
    slot.offer(undefined);
    expect(slot.take()).toBeUndefined();
    slot.offer(undefined);
    expect(slot.take()).toBe(NOTHING_NEW);
    slot.offer(NaN);
    expect(slot.take()).toBeNaN();
    slot.offer(NaN);
    expect(slot.take()).toBe(NOTHING_NEW);
  });
});
