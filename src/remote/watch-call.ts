import type { ServingStatus } from '../serving-status.js';

/** What one Watch call tells its owner: each status received, then how it ended. */
export interface WatchCallListener {
  message(status: ServingStatus): void;
  /** The call is over: `code` is its gRPC status code (0 when the server ended the stream). */
  end(code: number, details: string): void;
}

/**
 * Starts one Watch call for `service`; returns the function that cancels it. After a cancel the
 * listener may still be told `end` (CANCELLED); its owner ignores that. It may throw when no
 * call can be made at all (a closed channel).
 */
export type OpenWatchCall = (service: string, listener: WatchCallListener) => () => void;
