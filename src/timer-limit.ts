/**
 * The longest delay Node's timers keep (about 24.8 days): a longer one fires at once, with a
 * TimeoutOverflowWarning. Go durations go far beyond it (`-connect-timeout 1000h`), so every
 * timer the command sets from a flag is capped here; a wait that long is "never" in practice.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
