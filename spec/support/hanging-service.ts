import type { CallContext } from 'nice-grpc';

const identity = (bytes: Uint8Array) => bytes;

/**
 * A one-method nice-grpc service whose calls never finish on their own: they end only when
 * the server cancels them (their signal aborts). For specs of shutdown deadlines.
 */
export const HangingDefinition = {
  hang: {
    path: '/livery.test.Hanging/Hang',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    options: {},
  },
} as const;

/** An implementation of {@link HangingDefinition} that counts the calls in flight. */
export function hangingService() {
  const state = { inFlight: 0, cancelled: 0 };
  const implementation = {
    async hang(_: Uint8Array, context: CallContext): Promise<Uint8Array> {
      state.inFlight++;
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
      state.inFlight--;
      state.cancelled++;
      return new Uint8Array();
    },
  };
  return { state, implementation };
}
