import type { Unsubscribable } from 'rxjs';
import { LatestValueSlot, NOTHING_NEW } from '../latest-value-slot.js';
import type { WatchedService } from '../registry/attach-watcher.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** A source's error, waiting for the value before it to be taken. */
class Failure {
  constructor(readonly error: unknown) {}
}

/**
 * The watcher behind {@link latestValues} and nice-grpc's Watch: it keeps only the newest value
 * (a {@link LatestValueSlot}) and hands it to a pull-based async iterator. It is a plain
 * object, no RxJS Subscriber: the registry attaches it to a service as it is, so that a Watch
 * call costs this object, its iterator, its abort listener, and one slot in the service's
 * list of watchers (memory per idle stream is what the server pays the most of).
 */
export class LatestValueWatcher<T, R> extends LatestValueSlot<T> implements AsyncIterable<R> {
  readonly #signal: AbortSignal;
  readonly #project: (value: T) => R;
  readonly #iterator: LatestValueIterator<R>;
  #source: WatchedService | undefined = undefined;
  // Released with the watch: the Health service's Watch budget (see WatchBudget.admit).
  #budget: Unsubscribable | undefined = undefined;
  // The source has completed (or failed): the iteration ends once the slot is taken.
  #completed = false;
  // The iteration is over: nothing more is yielded.
  #ended = false;
  #failure: Failure | undefined = undefined;
  #resolve: ((result: IteratorResult<R, undefined>) => void) | undefined = undefined;
  #reject: ((error: unknown) => void) | undefined = undefined;
  #pending: Promise<IteratorResult<R, undefined>> | undefined = undefined;

  constructor(signal: AbortSignal, project: (value: T) => R) {
    super();
    this.#signal = signal;
    this.#project = project;
    this.#iterator = new LatestValueIterator(this);
    if (signal.aborted) this.#ended = true;
    else signal.addEventListener('abort', this.#onAbort);
  }

  [Symbol.asyncIterator](): LatestValueIterator<R> {
    return this.#iterator;
  }

  /** Whether the iteration is over (aborted, returned, or done): there is nothing to watch. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Keeps what to detach from when the iteration ends; detaches at once if it has ended. */
  attachedTo(source: WatchedService): void {
    if (this.#ended || this.#completed) source.detach(this);
    else this.#source = source;
  }

  /** Releases `teardown` when the watch ends (at once if it has): the Watch budget's count. */
  add(teardown: Unsubscribable): void {
    if (this.#ended || this.#completed) teardown.unsubscribe();
    else this.#budget = teardown;
  }

  next(value: T): void {
    if (this.#ended || this.#completed) return;
    this.offer(value);
    this.#settle();
  }

  complete(): void {
    if (this.#ended || this.#completed) return;
    this.#completed = true;
    this.#release();
    this.#settle();
  }

  error(error: unknown): void {
    if (this.#ended || this.#completed) return;
    this.#failure = new Failure(error);
    this.complete();
  }

  /**
   * The signal aborted: the iteration ends (done), and the watch with it.
   *
   * NOTE: a function, not this object with a `handleEvent`: Node's EventTarget wraps an object
   * listener in an async closure of its own, which costs as much memory per stream and a
   * promise on every abort (measured by the bench's cancel churn).
   */
  readonly #onAbort = (): void => {
    this.#end();
    this.#settle();
  };

  /** @internal */
  pull(): Promise<IteratorResult<R, undefined>> {
    if (this.#pending !== undefined) {
      // NOTE: the iterator protocol allows next() before the previous one has settled: each
      // waits its turn (for-await and nice-grpc never do this; direct users may).
      const turn = () => this.pull();
      return this.#pending.then(turn, turn);
    }
    const outcome = this.#outcome();
    if (outcome instanceof Failure) return Promise.reject(outcome.error);
    if (outcome !== undefined) return Promise.resolve(outcome);
    return (this.#pending = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    }));
  }

  /** @internal */
  stop(): Promise<IteratorResult<R, undefined>> {
    this.#end();
    this.#settle();
    return Promise.resolve(DONE);
  }

  // Settles a pending pull, if one waits and there is something to give it.
  #settle(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) return;
    const outcome = this.#outcome();
    if (outcome === undefined) return;
    const reject = this.#reject!;
    this.#resolve = this.#reject = this.#pending = undefined;
    if (outcome instanceof Failure) reject(outcome.error);
    else resolve(outcome);
  }

  // What a pull gets now: the newest value, then a source's error or the end; undefined: wait.
  #outcome(): IteratorResult<R, undefined> | Failure | undefined {
    if (this.#ended) return DONE;
    const value = this.take();
    if (value !== NOTHING_NEW) return { value: this.#project(value), done: false };
    if (!this.#completed) return undefined;
    const failure = this.#failure;
    this.#end();
    return failure ?? DONE;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = undefined;
    this.clear();
    this.#release();
  }

  #release(): void {
    this.#signal.removeEventListener('abort', this.#onAbort); // a long-lived signal must not hold it
    const source = this.#source;
    const budget = this.#budget;
    this.#source = this.#budget = undefined;
    source?.detach(this);
    budget?.unsubscribe();
  }
}

interface Pullable<R> {
  pull(): Promise<IteratorResult<R, undefined>>;
  stop(): Promise<IteratorResult<R, undefined>>;
}

/**
 * The iterator face of a LatestValueWatcher (whose own `next` is the one the source calls): an
 * async iterator that is its own iterable, as `for await` and nice-grpc need.
 *
 * NOTE: not `implements AsyncGenerator`: that interface grows with the standard library
 * (`[Symbol.asyncDispose]` in esnext and @types/node 24), and a class declared to implement it
 * stops compiling in users' projects that have the newer lib.
 */
export class LatestValueIterator<R> implements AsyncIterator<R, undefined, undefined>, AsyncIterable<R> {
  constructor(private readonly watcher: Pullable<R>) {}

  next(): Promise<IteratorResult<R, undefined>> {
    return this.watcher.pull();
  }

  return(): Promise<IteratorResult<R, undefined>> {
    return this.watcher.stop();
  }

  async throw(error: unknown): Promise<IteratorResult<R, undefined>> {
    await this.watcher.stop();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
