import type { ServerWritableStream } from '@grpc/grpc-js';
import { Subscriber, type TeardownLogic } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';
import type { EncodedResponses } from './health-method-definitions.js';

/** The code grpc-js sends for a failure of ours (`status.INTERNAL`). */
const INTERNAL = 13;

/**
 * A decoded Watch request (`call.request`), which also holds the call's watcher: so the
 * call's listeners can be two shared functions instead of closures made per stream.
 */
export class WatchRequest {
  watcher: WatchCallSubscriber | undefined = undefined;
  constructor(readonly service: string) {}
}

/** A grpc-js Watch call, as the adapter declares it. */
export type WatchCall = ServerWritableStream<WatchRequest, Buffer>;

// Listeners of the call (`this`), shared by every stream.
function release(this: WatchCall): void {
  this.request.watcher?.unsubscribe();
}
function drained(this: WatchCall): void {
  this.request.watcher?.resume();
}

/**
 * One grpc-js Watch call, subscribed straight to a service's subject with a **latest-value**
 * policy. A status is written at once while the call's buffer has room; when `write()` returns
 * false, newer statuses overwrite one slot until `'drain'`, and then only the newest is
 * written. So a client that stops reading costs O(1) memory, never gets the same status twice
 * in a row, and always ends on the newest status.
 *
 * It is its own subscription: the call's `'cancelled'` event (client cancel, deadline, dropped
 * connection, or the end of the call) unsubscribes it. Completion (`endWatches()`) ends the
 * call with OK once the newest status is written.
 */
export class WatchCallSubscriber extends Subscriber<ServingStatus> {
  readonly #call: WatchCall;
  readonly #responses: EncodedResponses;
  // The status last written, and the newest one that arrived while waiting for 'drain'.
  #sent: ServingStatus | undefined = undefined;
  #newest: ServingStatus | undefined = undefined;
  #waitingForDrain = false;
  #endAfterDrain = false;

  constructor(call: WatchCall, responses: EncodedResponses) {
    super();
    this.#call = call;
    this.#responses = responses;
    call.request.watcher = this;
    // NOTE: grpc-js emits 'cancelled' however the call ends: client cancel, deadline, dropped
    // connection, or the status sent. `on`, not `once`: a once-wrapper costs ~130 B per stream.
    call.on('cancelled', release);
  }

  /**
   * RxJS keeps finalizers in an array that V8 grows to 17 slots on its first push: ~130 bytes
   * of slack per idle stream. A copy of it is only as long as its contents (two: the subject's
   * subscription and the registry's count).
   */
  override add(teardown: TeardownLogic): void {
    super.add(teardown);
    const internals = this as unknown as { _finalizers?: unknown };
    if (Array.isArray(internals._finalizers)) internals._finalizers = internals._finalizers.slice();
  }

  protected override _next(status: ServingStatus): void {
    if (this.#waitingForDrain) this.#newest = status;
    else this.#write(status);
  }

  protected override _complete(): void {
    this.unsubscribe();
    if (this.#waitingForDrain) this.#endAfterDrain = true;
    else this.#call.end();
  }

  protected override _error(error: unknown): void {
    this.unsubscribe();
    this.#call.emit('error', { code: INTERNAL, details: `health status stream failed: ${String(error)}` });
  }

  #write(status: ServingStatus): void {
    if (status === this.#sent) return;
    this.#sent = status;
    if (!this.#call.write(this.#responses[status])) {
      this.#waitingForDrain = true;
      this.#call.once('drain', drained);
    }
  }

  /** @internal The call drained: writes the newest status that came meanwhile, if any. */
  resume(): void {
    this.#waitingForDrain = false;
    const newest = this.#newest;
    this.#newest = undefined;
    if (newest !== undefined) this.#write(newest);
    if (this.#endAfterDrain && !this.#waitingForDrain) this.#call.end();
  }
}
