import {
  BehaviorSubject,
  ObjectUnsubscribedError,
  Subscriber,
  Subscription,
  config,
  type Observer,
  type Unsubscribable,
} from 'rxjs';

/**
 * The subject behind one service: a `BehaviorSubject` whose `next` walks its observers with a
 * counted loop, over the same snapshot RxJS keeps.
 *
 * NOTE: Node loads RxJS 7's CommonJS build, whose `Subject.next` iterates with tslib's
 * `__values` inside an `errorContext` closure: that allocates an iterator result per observer,
 * and a closure and an iterator per value. A set with 10,000 Watch streams thus made 10,000
 * objects of garbage; this walk makes none (see the in-process rows of `npm run bench`). In
 * RxJS's deprecated synchronous-error mode it defers to RxJS, which needs its error context.
 */
export class StatusSubject<T> extends BehaviorSubject<T> {
  override next(value: T): void {
    if (config.useDeprecatedSynchronousErrorHandling) return super.next(value);
    // The same order as BehaviorSubject.next and Subject.next: the value first, then the checks.
    this['_value'] = value;
    if (this.closed) throw new ObjectUnsubscribedError();
    if (this.isStopped) return;
    // RxJS drops this snapshot whenever an observer comes or goes, so one that subscribes or
    // unsubscribes during the walk neither joins nor breaks it.
    const observers = (this['currentObservers'] ??= this.observers.slice());
    for (let i = 0; i < observers.length; i++) observers[i]!.next(value);
  }

  // What the subscribers of this subject hold as their parent: see _innerSubscribe.
  readonly #asParent = new SubjectAsParent(this);

  /**
   * Where RxJS's Subject adds an observer: the same steps, but without the Subscription and
   * closure (~120 bytes) that RxJS makes for every observer, which every idle Watch stream
   * holds for as long as it is open.
   *
   * NOTE: a Subscriber with no parent gets this subject (through one shared object) as its
   * parent: RxJS calls `parent.remove(subscriber)` when a subscriber unsubscribes, which takes
   * it out here, and ignores a teardown that is the subscriber itself. Any other observer gets
   * a two-field {@link ObserverRemoval} as its teardown.
   *
   * @internal RxJS 7 calls it from `Subject._subscribe`; it is not in RxJS's public types.
   */
  _innerSubscribe(observer: Observer<T>): Unsubscribable {
    if (this.hasError || this.isStopped) return Subscription.EMPTY;
    this['currentObservers'] = null;
    this.observers.push(observer);
    if (observer instanceof Subscriber && !observer.closed && observer['_parentage'] == null) {
      observer['_parentage'] = this.#asParent;
      return observer;
    }
    return new ObserverRemoval(this, observer);
  }

  /** @internal Takes `observer` out, as RxJS's own teardown does. */
  remove(observer: Observer<T>): void {
    this['currentObservers'] = null;
    const index = this.observers.indexOf(observer);
    if (index !== -1) this.observers.splice(index, 1);
  }
}

/** A StatusSubject as RxJS sees a Subscriber's parent: something it can be removed from. */
class SubjectAsParent<T> {
  constructor(private readonly subject: StatusSubject<T>) {}

  remove(observer: Observer<T>): void {
    this.subject.remove(observer);
  }
}

/** The teardown that takes one observer out of a StatusSubject. */
class ObserverRemoval<T> implements Unsubscribable {
  constructor(
    private readonly subject: StatusSubject<T>,
    private readonly observer: Observer<T>,
  ) {}

  // NOTE: BehaviorSubject sends the current value only when the teardown is not `closed`.
  get closed(): boolean {
    return false;
  }

  unsubscribe(): void {
    this.subject.remove(this.observer);
  }
}
