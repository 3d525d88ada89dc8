import { status as Status } from '@grpc/grpc-js';
import { isServingStatus, servingStatusFromNumber, type ServingStatus } from '../serving-status.js';
import type { OpenWatchCall } from './watch-call.js';

/**
 * A Health client with a `watch` method, such as nice-grpc's
 * `createClient(HealthDefinition, channel)` (also with a ts-proto definition, whose statuses
 * are numbers). Typed structurally: this entry point does not load nice-grpc.
 */
export interface HealthWatchClient {
  watch(
    request: { service: string },
    options: { signal: AbortSignal },
  ): AsyncIterable<{ status?: ServingStatus | number | undefined }>;
}

function toStatus(value: unknown): ServingStatus {
  if (typeof value === 'number') return servingStatusFromNumber(value);
  return isServingStatus(value) ? value : 'UNKNOWN';
}

// nice-grpc's ClientError carries the gRPC code and details; anything else a middleware throws is UNKNOWN.
function failureOf(error: unknown): [number, string] {
  const { code, details, message } = (error ?? {}) as { code?: unknown; details?: unknown; message?: unknown };
  if (typeof code === 'number' && Number.isInteger(code)) return [code, typeof details === 'string' ? details : String(message ?? '')];
  return [Status.UNKNOWN, error instanceof Error ? error.message : String(error)];
}

/** Watch calls made with the user's Health client; cancelling aborts the call's signal. */
export function clientWatchCall(client: HealthWatchClient): OpenWatchCall {
  return (service, listener) => {
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      try {
        for await (const response of client.watch({ service }, { signal })) {
          if (signal.aborted) return;
          listener.message(toStatus(response?.status));
        }
        if (!signal.aborted) listener.end(Status.OK, 'the server ended the stream');
      } catch (error) {
        if (!signal.aborted) listener.end(...failureOf(error));
      }
    })();
    return () => controller.abort();
  };
}
