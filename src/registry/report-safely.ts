/**
 * Tells `report` (a user's `onError`) that `service` failed with `error`.
 *
 * NOTE: a throwing `onError` (a broken logger) must not escape: it would land inside a
 * source's or a watcher's callback, where RxJS rethrows it on a timer and crashes the process.
 * It is logged instead.
 */
export function reportSafely(
  report: (service: string, error: unknown) => void,
  service: string,
  error: unknown,
): void {
  try {
    report(service, error);
  } catch (thrown) {
    console.error(`livery-grpc-health: onError threw while reporting "${service}":`, thrown, 'the report was:', error);
  }
}
