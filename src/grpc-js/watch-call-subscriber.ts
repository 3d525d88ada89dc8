import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Observer, TeardownLogic, Unsubscribable } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';
import type { EncodedResponses } from './encoded-responses.js';

/** The code grpc-js sends for a failure of ours (`status.INTERNAL`). */
const INTERNAL = 13;

/** A grpc-js Watch call: its request decodes straight to the call's subscriber. */
export type WatchCall = ServerWritableStream<WatchCallSubscriber, Buffer>;

// The call's listeners (`this` is the call), shared by every stream.
function release(this: WatchCall): void {
  this.request.unsubscribe();
}
function drained(this: WatchCall): void {
  this.request.resume();
}

const IDLE = 0;
const WAITING_FOR_DRAIN = 1;
const END_AFTER_DRAIN = 2;

/**
 * One grpc-js Watch call, subscribed straight to a service's subject with a **latest-value**
 * policy. A status is written at once while the call's buffer has room; when `write()` returns
 * false, newer statuses overwrite one slot until `'drain'`, and then only the newest is
 * written. So a client that stops reading costs O(1) memory, never gets the same status twice
 * in a row, and always ends on the newest status. Completion (`endWatches()`) ends the call
 * with OK once the newest status is written.
 *
 * NOTE: memory per idle stream is what this adapter is measured on, so one object does
 * everything: it is the decoded request (`call.request`, so that the call's listeners are
 * shared functions, not closures), and a subscriber by RxJS's structural test (an Observer
 * with `closed`, `add`, `remove`, `unsubscribe`) rather than a subclass of `Subscriber`, whose
 * six fields and finalizer array (which V8 sizes for 17) it does not need: it only ever holds
 * two teardowns, the subject's and the registry's.
 */
export class WatchCallSubscriber implements Observer<ServingStatus>, Unsubscribable {
  closed = false;
  #call: WatchCall | undefined = undefined;
  #responses: EncodedResponses | undefined = undefined;
  // The status last written, and the newest one that arrived while waiting for 'drain'.
  #sent: ServingStatus | undefined = undefined;
  #newest: ServingStatus | undefined = undefined;
  #state = IDLE;
  #teardown: TeardownLogic = undefined;
  // A second teardown, or an array of all after the first when more come.
  #teardowns: TeardownLogic | TeardownLogic[] = undefined;

  /** @param service the requested name, as decoded from the request */
  constructor(readonly service: string) {}

  /**
   * Starts serving `call` (whose request this is): listens for its end, and writes from then
   * on. Subscribe it to the service's statuses afterwards; the first status is written at once.
   */
  start(call: WatchCall, responses: EncodedResponses): void {
    this.#call = call;
    this.#responses = responses;
    // NOTE: grpc-js emits 'cancelled' however the call ends: client cancel, deadline, dropped
    // connection, or the status sent. `on`, not `once`: a once-wrapper costs ~130 B per stream.
    call.on('cancelled', release);
  }

  next(status: ServingStatus): void {
    if (this.closed) return;
    if (this.#state === IDLE) this.#write(status);
    else this.#newest = status;
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    if (this.#state === IDLE) this.#call?.end();
    else this.#state = END_AFTER_DRAIN;
  }

  error(error: unknown): void {
    if (this.closed) return;
    this.unsubscribe();
    this.#call?.emit('error', { code: INTERNAL, details: `health status stream failed: ${String(error)}` });
  }

  /** Keeps `teardown` for {@link unsubscribe}, or runs it at once when already unsubscribed. */
  add(teardown: TeardownLogic): void {
    if (!teardown || (teardown as unknown) === this) return;
    if (this.closed) runTeardown(teardown);
    else if (this.#teardown === undefined) this.#teardown = teardown;
    else if (this.#teardowns === undefined) this.#teardowns = teardown;
    else this.#teardowns = [this.#teardowns, teardown].flat();
  }

  /** Forgets `teardown` without running it. */
  remove(teardown: TeardownLogic): void {
    if (this.#teardown === teardown) this.#teardown = undefined;
    else if (this.#teardowns === teardown) this.#teardowns = undefined;
    else if (Array.isArray(this.#teardowns)) this.#teardowns = this.#teardowns.filter((t) => t !== teardown);
  }

  /** Leaves the subject and the registry (runs the teardowns); further statuses are ignored. */
  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    const first = this.#teardown;
    const rest = this.#teardowns;
    this.#teardown = this.#teardowns = undefined;
    if (first) runTeardown(first);
    if (Array.isArray(rest)) rest.forEach((teardown) => teardown && runTeardown(teardown));
    else if (rest) runTeardown(rest);
  }

  /** @internal The call drained: writes the newest status that came meanwhile, if any. */
  resume(): void {
    const endAfter = this.#state === END_AFTER_DRAIN;
    this.#state = IDLE;
    const newest = this.#newest;
    this.#newest = undefined;
    if (newest !== undefined) this.#write(newest);
    if (endAfter) {
      if (this.#state === IDLE) this.#call!.end();
      else this.#state = END_AFTER_DRAIN;
    }
  }

  #write(status: ServingStatus): void {
    if (status === this.#sent) return;
    this.#sent = status;
    if (!this.#call!.write(this.#responses![status])) {
      this.#state = WAITING_FOR_DRAIN;
      this.#call!.once('drain', drained);
    }
  }
}

function runTeardown(teardown: Exclude<TeardownLogic, void>): void {
  if (typeof teardown === 'function') teardown();
  else teardown.unsubscribe();
}
