import type { Observable } from 'rxjs';

/**
 * Turns an Observable into an async iterable with a **latest-value** policy: one subscription
 * is held for the whole iteration, and values that arrive while the consumer is busy overwrite
 * a single slot. A slow consumer therefore costs O(1) memory, skips superseded values, and
 * always ends on the newest one. A value equal to the one last yielded is not yielded again
 * (A -> B -> A while the consumer is busy yields nothing new).
 *
 * The iteration ends when `signal` aborts or the source completes, and rethrows a source
 * error. Whichever way it ends (including the consumer calling `return()`), the subscription
 * is released in `finally`.
 *
 * @param project maps each value to what is yielded; it runs only for values that are yielded.
 */
export async function* latestValues<T, R = T>(
  source: Observable<T>,
  signal: AbortSignal,
  project: (value: T) => R = (value) => value as unknown as R,
): AsyncGenerator<R, void, undefined> {
  if (signal.aborted) return;
  let latest: T | undefined;
  let hasLatest = false;
  let completed = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const subscription = source.subscribe({
    next(value) {
      latest = value;
      hasLatest = true;
      notify();
    },
    error(error: unknown) {
      failure = { error };
      notify();
    },
    complete() {
      completed = true;
      notify();
    },
  });
  signal.addEventListener('abort', notify);

  let sent = false;
  let lastSent: T | undefined;
  try {
    while (!signal.aborted) {
      if (hasLatest) {
        const value = latest as T;
        hasLatest = false;
        latest = undefined;
        if (sent && Object.is(value, lastSent)) continue;
        sent = true;
        lastSent = value;
        yield project(value);
      } else if (failure !== undefined) {
        throw failure.error;
      } else if (completed) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    signal.removeEventListener('abort', notify);
    subscription.unsubscribe();
  }
}
