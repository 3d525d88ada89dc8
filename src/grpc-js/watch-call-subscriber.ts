import type { ServerWritableStream } from '@grpc/grpc-js';
import { Subscriber } from 'rxjs';
import type { HealthCheckRequest } from '../proto/health-messages.js';
import type { ServingStatus } from '../serving-status.js';
import type { EncodedResponses } from './health-method-definitions.js';

/** The code grpc-js sends for a failure of ours (`status.INTERNAL`). */
const INTERNAL = 13;

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
  readonly #call: ServerWritableStream<HealthCheckRequest, Buffer>;
  readonly #responses: EncodedResponses;
  // The status last written, and the newest one that arrived while waiting for 'drain'.
  #sent: ServingStatus | undefined = undefined;
  #newest: ServingStatus | undefined = undefined;
  #waitingForDrain = false;
  #endAfterDrain = false;

  constructor(call: ServerWritableStream<HealthCheckRequest, Buffer>, responses: EncodedResponses) {
    super();
    this.#call = call;
    this.#responses = responses;
    // NOTE: the one closure a stream costs; grpc-js emits 'cancelled' however the call ends.
    call.once('cancelled', () => this.unsubscribe());
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
      this.#call.once('drain', () => this.#drained());
    }
  }

  #drained(): void {
    this.#waitingForDrain = false;
    const newest = this.#newest;
    this.#newest = undefined;
    if (newest !== undefined) this.#write(newest);
    if (this.#endAfterDrain && !this.#waitingForDrain) this.#call.end();
  }
}
