/**
 * What a command may touch outside itself: its two output streams, stdin, and a signal that
 * aborts on SIGINT / SIGTERM. `main.ts` binds it to the process.
 */
export interface CommandIo {
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  stdin: NodeJS.ReadableStream;
  /** Aborted when the process is asked to stop (SIGINT or SIGTERM) or its stdout / stderr pipe closes. */
  signal: AbortSignal;
}
