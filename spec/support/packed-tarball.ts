import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the package that `npm pack` packs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a command to completion (killed after `timeout` ms); fails with its output otherwise. */
export function run(command: string, args: string[], cwd: string, timeout = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed ? `killed after ${timeout} ms` : `exit code ${error.code}`;
        reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd}: ${why}\n${stdout}\n${stderr}`.trimEnd()));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** `name@version` of a dev dependency installed here, so that a consumer's install hits the npm cache. */
export const installed = (name: string) =>
  `${name}@${JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string}`;

/**
 * Packs what `npm test` built into `dir` (`--ignore-scripts`: no rebuild under the other
 * specs' feet) and returns the tarball's path and the files in it.
 */
export async function packTarball(dir: string): Promise<{ tarball: string; files: string[] }> {
  if (!existsSync(join(ROOT, 'dist/esm/index.js')) || !existsSync(join(ROOT, 'dist/cjs/package.json'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  }
  const [packed] = JSON.parse(await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT));
  return { tarball: join(dir, packed.filename), files: packed.files.map((file: { path: string }) => file.path) };
}
