import { BehaviorSubject, ObjectUnsubscribedError, config } from 'rxjs';

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
}
