/**
 * The longest delay Node's timers keep (2^31 - 1 ms, about 24.8 days): a longer one fires after
 * 1 ms, with a TimeoutOverflowWarning. Every delay that comes from a user (a Go duration on the
 * command line, a probe interval, a drain delay) is checked or capped against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
