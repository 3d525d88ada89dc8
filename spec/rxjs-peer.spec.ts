import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HealthRegistry } from '../src/index.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

// Private members of RxJS 7 (underscored, or internal fields of Subject and Subscriber) that
// the package once relied on. They may change in any release, silently.
const PRIVATE = /\b(_value|_innerSubscribe|_subscribe|_trySubscribe|_parentage|_finalizers|currentObservers|_next|_error|_complete|initialTeardown|destination)\b/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('RxJS, the peer dependency', () => {
  it('is used through its public API only: no src file names a private member of it', () => {
    const offending = sourceFiles(src).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${file.slice(src.length)}:${index + 1}` }))
        .filter(({ line }) => PRIVATE.test(line) && !/^\s*(\*|\/\/)/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  // scripts/rxjs-versions.mjs runs the RxJS specs against other versions; this proves the run
  // loads the version it installed, not the devDependency.
  it(`is the version under test (${process.env.LIVERY_RXJS_VERSION ?? 'the devDependency'})`, () => {
    const require = createRequire(import.meta.url);
    const loaded = Object.keys(require.cache).filter((path) => /[\\/]rxjs[\\/]dist[\\/]cjs[\\/]index\.js$/.test(path));
    expect(loaded).toHaveLength(1);
    const manifest = join(dirname(loaded[0]!), '..', '..', 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const expected = process.env.LIVERY_RXJS_VERSION ?? (require('rxjs/package.json') as { version: string }).version;
    expect(version).toBe(expected);
    // The registry's Observables are of that RxJS.
    expect(new HealthRegistry().watch('')).toBeInstanceOf(Observable);
  });
});
