import type { SettableStatus } from '../serving-status.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import type { ProbeCheck, ProbeSettings } from './probe-options.js';

const passes = (result: unknown) => result !== false && result !== 'NOT_SERVING';

/**
 * One subscription's loop of checks. It holds at most one timer at a time (the wait for the
 * next check, or the timeout of the check in flight) and at most one check in flight.
 */
export class ProbeRun {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #inFlight = false;
  #stopped = false;
  #status: SettableStatus;
  #lastPassed: boolean | undefined;
  #streak = 0;

  constructor(
    private readonly check: ProbeCheck,
    private readonly settings: ProbeSettings,
    private readonly emit: (status: SettableStatus) => void,
  ) {
    this.#status = settings.initialStatus;
  }

  start(): void {
    this.emit(this.#status);
    this.#wait(this.settings.initialDelayMs);
  }

  /** Clears the timer and aborts the check in flight; nothing is emitted after this. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort(new DOMException('the probe was unsubscribed', 'AbortError'));
    this.#controller = undefined;
  }

  #wait(ms: number): void {
    if (this.#stopped) return;
    // NOTE: unref'd: a health probe must never be what keeps a process alive after its server stopped.
    this.#timer = setTimeout(() => this.#run(), ms);
    this.#timer.unref?.();
  }

  #next(): void {
    this.#wait(Math.min(this.settings.intervalMs + Math.random() * this.settings.jitterMs, MAX_TIMER_MS));
  }

  #run(): void {
    if (this.#inFlight) {
      // The last check timed out and ignores its signal: no second one beside it, but it keeps failing.
      this.#record(false, new Error('probe(): the previous check is still running after its timeout'), undefined);
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#inFlight = true;
    let concluded = false;
    const started = performance.now();
    const conclude = (passed: boolean, reason: unknown) => {
      if (concluded || this.#stopped) return;
      concluded = true;
      clearTimeout(this.#timer);
      this.#controller = undefined;
      this.#record(passed, reason, performance.now() - started);
    };
    const { timeoutMs } = this.settings;
    this.#timer = setTimeout(() => {
      const reason = new DOMException(`the check did not settle within ${timeoutMs} ms`, 'TimeoutError');
      controller.abort(reason);
      conclude(false, reason);
    }, timeoutMs);
    this.#timer.unref?.();
    new Promise((resolve) => resolve(this.check(controller.signal)))
      .then(
        (result) => {
          if (passes(result)) conclude(true, undefined);
          else conclude(false, new Error(`probe(): the check returned ${String(result)}`));
        },
        (error: unknown) => conclude(false, error),
      )
      .finally(() => {
        this.#inFlight = false;
      });
  }

  #record(passed: boolean, reason: unknown, durationMs: number | undefined): void {
    this.#streak = passed === this.#lastPassed ? this.#streak + 1 : 1;
    this.#lastPassed = passed;
    this.#next();
    const target: SettableStatus = passed ? 'SERVING' : 'NOT_SERVING';
    const threshold = passed ? this.settings.successThreshold : this.settings.failureThreshold;
    if (this.#streak >= threshold && this.#status !== target && !this.#stopped) {
      this.#status = target;
      this.emit(target);
    }
    const { onCheck, onFailure } = this.settings;
    if (onCheck) this.#tell('onCheck', () => onCheck({ passed, durationMs, reason: passed ? undefined : reason }));
    if (!passed && onFailure) this.#tell('onFailure', () => onFailure(reason));
  }

  // NOTE: a throwing listener (a logger, a metrics SDK) must neither crash the process from a
  // timer or a promise callback nor keep the probe from reporting what it was told about.
  #tell(name: string, listener: () => void): void {
    try {
      listener();
    } catch (error) {
      console.error(`probe(): ${name} threw; the probe goes on:`, error);
    }
  }
}
