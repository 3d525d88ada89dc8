import { PassThrough } from 'node:stream';
import type { CommandIo } from '../../src/cli/command-io.js';
import { runLiveryHealth } from '../../src/cli/run-livery-health.js';

/** What an in-process run of the command printed, and its exit code. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `livery-health ...argv` inside the spec's process, with stdout and stderr captured:
 * for the many argument cases that need no child process of their own.
 */
export async function runInProcess(
  argv: readonly string[],
  signal: AbortSignal = new AbortController().signal,
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
    stdin: new PassThrough(),
    signal,
  };
  const code = await runLiveryHealth(argv, io);
  return { code, stdout, stderr };
}
