import type { RemoteConnection } from '../remote/remote-target.js';
import type { WatchCallListener } from '../remote/watch-call.js';
import type { ClientOptions } from './client-flags.js';
import { connect, type GrpcChannel } from './connect.js';
import { Status } from './grpc-status.js';
import { openWatch } from './health-calls.js';
import type { RequestMetadata } from './rpc-headers.js';

/**
 * One `-addr` of `watch`, as the Watch transport of the remote watch run: its Watch calls go
 * over one connection, shared by all its services, that is dialed again (within
 * `-connect-timeout`) once it is gone, so that the run's backoff finds the server when it is
 * back. A failed dial ends that attempt UNAVAILABLE, as grpc-js reports a connection failure.
 * It uses the CLI's own HTTP/2 client: a probe's start never pays for grpc-js.
 */
export class RedialingTarget {
  #channel: GrpcChannel | undefined;
  // Every connection not closed yet, the retired ones (after a GOAWAY) included.
  readonly #open = new Set<GrpcChannel>();
  #dialing: Promise<GrpcChannel | Error> | undefined;
  // The dial `watch` made at start failed: each run's first attempt reports that failure
  // instead of dialing again at once.
  readonly #firstFailure: Error | undefined;
  readonly #closing = new AbortController();

  /** `first` is the connection `watch` made at start, or why it could not be made. */
  constructor(
    private readonly options: ClientOptions,
    private readonly metadata: RequestMetadata,
    first: GrpcChannel | Error,
  ) {
    if (first instanceof Error) this.#firstFailure = first;
    else this.#adopt(first);
  }

  /** What one run calls through. Its `close` leaves the shared connection open: {@link close} ends it. */
  connection(): RemoteConnection {
    let firstFailure = this.#firstFailure;
    return {
      open: (service, listener) => {
        const failure = firstFailure;
        firstFailure = undefined;
        return this.#start(service, listener, failure);
      },
      close: () => {},
    };
  }

  /** Closes the connection and gives up a dial in progress. */
  close(): void {
    this.#closing.abort();
    for (const channel of this.#open) channel.close();
    this.#channel = undefined;
  }

  #adopt(channel: GrpcChannel): void {
    this.#channel = channel;
    this.#open.add(channel);
    // NOTE: after a GOAWAY no new stream can start on the connection: the next attempt dials
    // again. The connection itself is left to end (Node closes it once its streams are done),
    // so that a graceful stop's last status and trailers still arrive.
    const retire = () => {
      if (this.#channel === channel) this.#channel = undefined;
    };
    channel.session.once('goaway', retire).once('close', () => {
      retire();
      this.#open.delete(channel);
    });
  }

  #start(service: string, listener: WatchCallListener, failure: Error | undefined): () => void {
    const channel = this.#channel;
    if (failure === undefined && channel !== undefined && !channel.session.closed && !channel.session.destroyed) {
      return this.#call(channel, service, listener);
    }
    let cancel: (() => void) | undefined;
    let cancelled = false;
    // (never told `end` within open(): the run is still setting up the attempt)
    void (failure === undefined ? this.#dial() : Promise.resolve(failure)).then((outcome) => {
      if (cancelled) return;
      if (outcome instanceof Error) listener.end(Status.UNAVAILABLE, outcome.message);
      else cancel = this.#call(outcome, service, listener);
    });
    return () => {
      cancelled = true;
      cancel?.();
    };
  }

  #call(channel: GrpcChannel, service: string, listener: WatchCallListener): () => void {
    const call = openWatch(channel, service, this.metadata);
    call.on('data', ({ status }) => listener.message(status));
    call.on('status', ({ code, details }) => listener.end(code, details));
    return () => call.cancel();
  }

  // One dial at a time, whichever of the target's services asks first.
  #dial(): Promise<GrpcChannel | Error> {
    this.#dialing ??= connect(this.options, this.#closing.signal).then(
      (channel) => {
        this.#dialing = undefined;
        if (this.#closing.signal.aborted) {
          channel.close();
          return new Error('closed');
        }
        this.#adopt(channel);
        return channel;
      },
      (error: Error) => {
        this.#dialing = undefined;
        return error;
      },
    );
    return this.#dialing;
  }
}
