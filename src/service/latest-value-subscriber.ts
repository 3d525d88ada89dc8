import { Subscriber, type TeardownLogic } from 'rxjs';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The subscriber behind {@link latestValues}: an RxJS Subscriber that keeps only the newest
 * value in one slot and hands it to a pull-based async iterator. It is its own subscription,
 * so a Watch call costs this object, its iterator, its abort listener, and the subject's entry
 * for it — memory per idle stream is what the server pays the most of.
 */
export class LatestValueSubscriber<T, R> extends Subscriber<T> implements AsyncIterable<R> {
  readonly #signal: AbortSignal;
  readonly #project: (value: T) => R;
  readonly #iterator: LatestValueIterator<R>;
  #latest: T | undefined = undefined;
  #hasLatest = false;
  #lastSent: T | undefined = undefined;
  #sent = false;
  #ended = false;
  #failure: { error: unknown } | undefined = undefined;
  #resolve: ((result: IteratorResult<R, undefined>) => void) | undefined = undefined;
  #reject: ((error: unknown) => void) | undefined = undefined;
  #pending: Promise<IteratorResult<R, undefined>> | undefined = undefined;

  constructor(signal: AbortSignal, project: (value: T) => R) {
    super();
    this.#signal = signal;
    this.#project = project;
    this.#iterator = new LatestValueIterator(this);
    if (signal.aborted) this.#end();
    else signal.addEventListener('abort', this.#onAbort);
  }

  [Symbol.asyncIterator](): LatestValueIterator<R> {
    return this.#iterator;
  }

  /**
   * RxJS keeps finalizers in an array that V8 grows to 17 slots on its first push: ~60 bytes
   * of slack per idle stream. A copy of it is only as long as its contents (the subject's
   * teardown and the registry's).
   */
  override add(teardown: TeardownLogic): void {
    super.add(teardown);
    const internals = this as unknown as { _finalizers?: unknown };
    if (Array.isArray(internals._finalizers)) internals._finalizers = internals._finalizers.slice();
  }

  /**
   * The signal aborted: the iteration ends (done), and the subscription with it.
   *
   * NOTE: a function, not this object with a `handleEvent`: Node's EventTarget wraps an object
   * listener in an async closure of its own, which costs as much memory per stream and a
   * promise on every abort (measured by the bench's cancel churn).
   */
  readonly #onAbort = (): void => {
    this.#end();
    this.#settle();
  };

  protected override _next(value: T): void {
    this.#latest = value;
    this.#hasLatest = true;
    this.#settle();
  }

  protected override _error(error: unknown): void {
    this.#failure = { error };
    this.#signal.removeEventListener('abort', this.#onAbort); // a long-lived signal must not hold it
    this.unsubscribe();
    this.#settle();
  }

  protected override _complete(): void {
    this.#signal.removeEventListener('abort', this.#onAbort); // a long-lived signal must not hold it
    this.unsubscribe();
    this.#settle();
  }

  /** @internal */
  pull(): Promise<IteratorResult<R, undefined>> {
    if (this.#pending !== undefined) {
      // NOTE: the iterator protocol allows next() before the previous one has settled: each
      // waits its turn (for-await and nice-grpc never do this; direct users may).
      const turn = () => this.pull();
      return this.#pending.then(turn, turn);
    }
    const failure = this.#failureToThrow();
    if (failure !== undefined) return Promise.reject(failure.error);
    const result = this.#take();
    if (result !== undefined) return Promise.resolve(result);
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

  // Resolves a pending pull, if one waits and there is something to give it.
  #settle(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) return;
    const failure = this.#failureToThrow();
    const result = failure === undefined ? this.#take() : undefined;
    if (failure === undefined && result === undefined) return;
    const reject = this.#reject!;
    this.#resolve = this.#reject = this.#pending = undefined;
    if (failure !== undefined) reject(failure.error);
    else resolve(result!);
  }

  // A value still in the slot is delivered before the error that followed it.
  #failureToThrow(): { error: unknown } | undefined {
    if (this.#failure === undefined || (this.#hasLatest && !this.#ended)) return undefined;
    const failure = this.#failure;
    this.#failure = undefined;
    this.#end();
    return failure;
  }

  #take(): IteratorResult<R, undefined> | undefined {
    if (this.#ended) return DONE;
    if (this.#hasLatest) {
      const value = this.#latest as T;
      this.#hasLatest = false;
      this.#latest = undefined;
      // NOTE: A -> B -> A while the consumer was busy leaves A in the slot: not news to it.
      if (!(this.#sent && Object.is(value, this.#lastSent))) {
        this.#sent = true;
        this.#lastSent = value;
        return { value: this.#project(value), done: false };
      }
    }
    return this.closed ? DONE : undefined;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#latest = this.#lastSent = undefined;
    this.#hasLatest = false;
    this.#signal.removeEventListener('abort', this.#onAbort);
    this.unsubscribe();
  }
}

interface Pullable<R> {
  pull(): Promise<IteratorResult<R, undefined>>;
  stop(): Promise<IteratorResult<R, undefined>>;
}

/**
 * The iterator face of a LatestValueSubscriber (whose own `next` is the Observer's): an async
 * iterator that is its own iterable, as `for await` and nice-grpc need.
 *
 * NOTE: not `implements AsyncGenerator`: that interface grows with the standard library
 * (`[Symbol.asyncDispose]` in esnext and @types/node 24), and a class declared to implement it
 * stops compiling in users' projects that have the newer lib.
 */
export class LatestValueIterator<R> implements AsyncIterator<R, undefined, undefined>, AsyncIterable<R> {
  constructor(private readonly subscriber: Pullable<R>) {}

  next(): Promise<IteratorResult<R, undefined>> {
    return this.subscriber.pull();
  }

  return(): Promise<IteratorResult<R, undefined>> {
    return this.subscriber.stop();
  }

  async throw(error: unknown): Promise<IteratorResult<R, undefined>> {
    await this.subscriber.stop();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
