import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/capture-io.js';
import { CLI_MAIN, killAllCli, startCli } from '../support/cli-process.js';

describe('the livery-health executable', () => {
  afterEach(() => killAllCli());

  it('is the package bin, runs by itself (shebang, executable bit) and prints its help', async () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
    expect(fileURLToPath(new URL(`../../${pkg.bin['livery-health']}`, import.meta.url))).toBe(CLI_MAIN);
    const result = await startCli(['--help'], { executable: true }).finished();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: livery-health <command> \[flags\]/);
  });

  it('exits 1 for a missing or unknown command', async () => {
    const [none, unknown] = await Promise.all([runInProcess([]), runInProcess(['probe'])]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: livery-health <command>');
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown command "probe"; the commands are serve, check, watch and list\n',
    });
  });
});
