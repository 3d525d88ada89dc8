import type { CallContext, ServerMiddleware } from 'nice-grpc';

/**
 * The contract of nice-grpc's `nice-grpc-server-middleware-terminator` (whose package the npm
 * registry reachable here does not carry), rebuilt in a few lines for the specs: a server
 * middleware that gives every call `context.abortOnTerminate()`; `terminate()` aborts the
 * calls that asked for it (and any that ask later), so that `server.shutdown()` need not wait
 * for endless streams. The upstream one also turns the abort into UNAVAILABLE when the
 * implementation throws; a Watch that ends cleanly on abort ends with OK either way.
 */
export interface Terminator {
  middleware: ServerMiddleware<{ abortOnTerminate(): void }>;
  terminate(): void;
}

export function createTerminator(): Terminator {
  let terminated = false;
  const controllers = new Set<AbortController>();
  async function* middleware<Request, Response>(
    call: Parameters<ServerMiddleware<{ abortOnTerminate(): void }>>[0] & { request: Request },
    context: CallContext,
  ): AsyncGenerator<Response, Response | void, undefined> {
    const inner = new AbortController();
    const forward = () => inner.abort();
    context.signal.addEventListener('abort', forward);
    try {
      return yield* call.next(call.request, {
        ...context,
        signal: inner.signal,
        abortOnTerminate() {
          if (terminated) inner.abort();
          else controllers.add(inner);
        },
      }) as AsyncGenerator<Response, Response | void, undefined>;
    } finally {
      context.signal.removeEventListener('abort', forward);
      controllers.delete(inner);
    }
  }
  return {
    middleware: middleware as unknown as Terminator['middleware'],
    terminate() {
      terminated = true;
      for (const controller of controllers) controller.abort();
      controllers.clear();
    },
  };
}
