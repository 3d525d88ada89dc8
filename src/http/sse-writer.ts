import { LatestValueSlot, NOTHING_NEW } from '../latest-value-slot.js';
import type { ServingStatus } from '../serving-status.js';
import type { HealthResponse } from './open-streams.js';

/**
 * Writes Server-Sent Events to a response with a **latest-value** policy per service.
 *
 * While the socket pushes back (`res.write` returned false, until `drain`), nothing is
 * written: each service keeps one {@link LatestValueSlot} that a newer status overwrites, so a client
 * that reads slowly costs memory bounded by the number of services, may skip statuses that
 * were already superseded, never gets the same status twice in a row, and ends on the newest.
 *
 * With `everyService` (the stream of every service), a service the client has not been told
 * of is SERVICE_UNKNOWN to it, so the writer keeps nothing for a service once the client
 * knows it is gone (or never knew it was there): its memory follows the services that exist
 * now, not every name ever seen, whether the client reads or not.
 */
export class SseWriter {
  readonly #res: HealthResponse;
  readonly #everyService: boolean;
  readonly #since: ((service: string) => number | undefined) | undefined;
  // What waits to be written, in order: keyed by "s:" + service for statuses, "e:" + name for
  // other events. A Map keeps the order of first insertion, so a status that changes again
  // keeps its place before `ready`.
  readonly #pending = new Map<string, () => void>();
  // Per service: the status waiting to be written, and what the client was last told.
  readonly #slots = new Map<string, LatestValueSlot<ServingStatus>>();
  #blocked = false;

  /**
   * @param options.since when a service's status last changed (ms since the epoch), read as
   * its status event is written, so that it always goes with the status the event carries.
   */
  constructor(res: HealthResponse, options: { everyService: boolean; since?: (service: string) => number | undefined }) {
    this.#res = res;
    this.#everyService = options.everyService;
    this.#since = options.since;
    res.on('drain', () => this.#flush());
  }

  /**
   * Sends `{service, status, since}` as a `status` event, unless the client already has it
   * (`since` only for a registered service, when the writer was given `since`).
   */
  status(service: string, status: ServingStatus): void {
    const key = `s:${service}`;
    let slot = this.#slots.get(service);
    if (this.#everyService && status === 'SERVICE_UNKNOWN' && !slot?.told) {
      // Never told of it (or set and cleared while the client was not told): there is nothing
      // to tell, or to keep.
      this.#slots.delete(service);
      this.#pending.delete(key);
      return;
    }
    if (slot === undefined) this.#slots.set(service, (slot = new LatestValueSlot()));
    slot.offer(status);
    this.#enqueue(key, () => this.#writeStatus(service));
  }

  /** Sends a named event with a JSON payload. */
  event(name: string, data: unknown): void {
    this.#enqueue(`e:${name}`, () => this.#write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`));
  }

  /** Writes raw stream text (a `retry:` field, a comment) unless the socket is pushing back. */
  raw(text: string): void {
    if (!this.#blocked) this.#write(text);
  }

  /** Writes whatever is pending, pushback or not (bounded by the number of services). */
  drainAll(): void {
    for (const [key, write] of this.#pending) {
      this.#pending.delete(key);
      write();
    }
  }

  #enqueue(key: string, write: () => void): void {
    if (this.#blocked) {
      // NOTE: set() on an existing key keeps its position and replaces the older status.
      this.#pending.set(key, write);
      return;
    }
    write();
  }

  #writeStatus(service: string): void {
    const slot = this.#slots.get(service);
    const status = slot?.take() ?? NOTHING_NEW;
    if (status === NOTHING_NEW) return;
    // The client now knows the service is gone: nothing of it is kept.
    if (this.#everyService && status === 'SERVICE_UNKNOWN') this.#slots.delete(service);
    const since = status === 'SERVICE_UNKNOWN' ? undefined : this.#since?.(service);
    const data = since === undefined ? { service, status } : { service, status, since };
    this.#write(`event: status\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #write(text: string): void {
    // NOTE: node:http's and node:http2's write() overloads differ, but both take a string.
    if (!(this.#res as { write(text: string): boolean }).write(text)) this.#blocked = true;
    // NOTE: Express's compression() middleware holds output back until it has enough to
    // compress; it adds res.flush() for event streams. node's own response has no flush().
    (this.#res as { flush?: () => void }).flush?.();
  }

  #flush(): void {
    this.#blocked = false;
    for (const [key, write] of this.#pending) {
      this.#pending.delete(key);
      write();
      if (this.#blocked) return;
    }
  }
}
