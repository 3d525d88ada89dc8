import { afterEach, describe, expect, it } from 'vitest';
import { onStopSignals } from '../../src/reactive/stop-signals.js';

// process.emit() calls the listeners as a real signal would, without signalling the process.
const SIGNALS = ['SIGUSR2', 'SIGHUP'] as const;
let remove: (() => void) | undefined;
afterEach(() => remove?.());

describe('onStopSignals', () => {
  it('asks for a graceful stop on the first signal, and forces on every later one, whichever signal', () => {
    const calls: string[] = [];
    remove = onStopSignals(SIGNALS, (signal) => calls.push(`stop ${signal}`), (signal) => calls.push(`force ${signal}`));
    process.emit('SIGHUP', 'SIGHUP');
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGHUP', 'SIGHUP');
    expect(calls).toEqual(['stop SIGHUP', 'force SIGUSR2', 'force SIGHUP']);
  });

  it('leaves no listener behind once removed', () => {
    const before = SIGNALS.map((signal) => process.listenerCount(signal));
    const stop = onStopSignals(SIGNALS, () => {}, () => {});
    expect(SIGNALS.map((signal) => process.listenerCount(signal))).toEqual(before.map((count) => count + 1));
    stop();
    expect(SIGNALS.map((signal) => process.listenerCount(signal))).toEqual(before);
  });
});
