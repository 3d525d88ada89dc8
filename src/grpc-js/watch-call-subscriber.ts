import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Unsubscribable } from 'rxjs';
import { LatestValueSlot, NOTHING_NEW } from '../latest-value-slot.js';
import type { StatusWatcher, WatchedService } from '../registry/attach-watcher.js';
import type { ServingStatus } from '../serving-status.js';
import type { EncodedResponses } from '../proto/encoded-responses.js';

/** A grpc-js Watch call: its request decodes straight to the call's watcher. */
export type WatchCall = ServerWritableStream<WatchCallSubscriber, Buffer>;

// The call's listeners (`this` is the call), shared by every stream.
function release(this: WatchCall): void {
  this.request.unsubscribe();
}
function drained(this: WatchCall): void {
  this.request.resume();
}

/**
 * One grpc-js Watch call, attached straight to a service with a **latest-value** policy (a
 * {@link LatestValueSlot}): a status is written at once while the call's buffer has room; when
 * `write()` returns false, newer statuses overwrite the slot until `'drain'`, and then only the
 * newest is written. So a client that stops reading costs O(1) memory, never gets the same
 * status twice in a row, and always ends on the newest status. Completion (`endWatches()`) ends
 * the call with OK once the newest status is written.
 *
 * NOTE: memory per idle stream is what this adapter is measured on, so one object does
 * everything: it is the decoded request (`call.request`, so that the call's listeners are
 * shared functions, not closures), the slot (by inheritance), and the registry's watcher,
 * which needs no RxJS Subscriber around it.
 */
export class WatchCallSubscriber extends LatestValueSlot<ServingStatus> implements StatusWatcher {
  /** Whether the watch is over: the call ended, or the registry ended the watch. */
  closed = false;
  #call: WatchCall | undefined = undefined;
  #responses: EncodedResponses | undefined = undefined;
  #source: WatchedService | undefined = undefined;
  // Released with the watch: the Health service's Watch budget (see WatchBudget.admit).
  #budget: Unsubscribable | undefined = undefined;
  // Waiting for 'drain' (write() returned false).
  #blocked = false;
  // The watch completed while blocked: end the call once the slot is written.
  #endAfterDrain = false;

  /** @param service the requested name, as decoded from the request */
  constructor(readonly service: string) {
    super();
  }

  /**
   * Starts serving `call` (whose request this is): listens for its end, and writes from then
   * on. Attach it to the service afterwards; the first status is written at once.
   */
  start(call: WatchCall, responses: EncodedResponses): void {
    this.#call = call;
    this.#responses = responses;
    // NOTE: grpc-js emits 'cancelled' however the call ends: client cancel, deadline, dropped
    // connection, or the status sent. `on`, not `once`: a once-wrapper costs ~130 B per stream.
    call.on('cancelled', release);
  }

  /** Keeps the service to detach from when the call ends; detaches at once if it has. */
  attachedTo(source: WatchedService): void {
    if (this.closed) source.detach(this);
    else this.#source = source;
  }

  /** Releases `teardown` when the watch ends (at once if it has): the Watch budget's count. */
  add(teardown: Unsubscribable): void {
    if (this.closed) teardown.unsubscribe();
    else this.#budget = teardown;
  }

  next(status: ServingStatus): void {
    if (this.closed) return;
    this.offer(status);
    if (!this.#blocked) this.#writeNewest();
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    if (this.#blocked) this.#endAfterDrain = true;
    else this.#call?.end();
  }

  /** Leaves the service; further statuses are ignored. */
  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    const source = this.#source;
    const budget = this.#budget;
    this.#source = this.#budget = undefined;
    source?.detach(this);
    budget?.unsubscribe();
  }

  /** @internal The call drained: writes the newest status that came meanwhile, if any. */
  resume(): void {
    this.#blocked = false;
    this.#writeNewest();
    if (this.#endAfterDrain && !this.#blocked) {
      this.#endAfterDrain = false;
      this.#call!.end();
    }
  }

  #writeNewest(): void {
    const status = this.take();
    if (status === NOTHING_NEW) return;
    if (!this.#call!.write(this.#responses![status])) {
      this.#blocked = true;
      this.#call!.once('drain', drained);
    }
  }
}
