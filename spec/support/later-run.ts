import { vi } from 'vitest';

/**
 * Moves vitest's fake clock to `ms` in a synchronous run of its own: a registry stamps every
 * change of one run with the run's first reading of the clock (see ChangeClock), so a spec
 * that wants a new time for its next change first lets the current run end.
 */
export async function later(ms: number): Promise<void> {
  await Promise.resolve();
  vi.setSystemTime(ms);
}
