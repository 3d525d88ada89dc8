/**
 * Listens for `signals` until the returned function is called: the first one asks for a
 * graceful stop (`stop`), and any later one for a stop at once (`force`). The one home of the
 * rule "a second signal forces", for {@link gracefulShutdown} and for the `livery-health`
 * command alike.
 *
 * While it listens, Node's default action for those signals (exit) does not happen: `force`
 * must stop the process, or the server, itself.
 */
export function onStopSignals(
  signals: readonly NodeJS.Signals[],
  stop: (signal: NodeJS.Signals) => void,
  force: (signal: NodeJS.Signals) => void,
): () => void {
  let received = 0;
  const listener = (signal: NodeJS.Signals) => {
    if (received++ === 0) stop(signal);
    else force(signal);
  };
  for (const signal of signals) process.on(signal, listener);
  return () => {
    for (const signal of signals) process.off(signal, listener);
  };
}
