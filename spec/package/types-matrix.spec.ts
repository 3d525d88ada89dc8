import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, installed, packTarball, run } from '../support/packed-tarball.js';

// The packed package's declarations compile in users' projects: strict, skipLibCheck false,
// lib esnext, for each TypeScript (the oldest we support and the newest), each @types/node
// (20, 22, 24 and the latest: npm aliases in devDependencies), ESM and CommonJS, node16 and
// bundler resolution. TypeScript 7 runs every combination; the oldest TypeScript (several
// times slower) runs one per @types/node, so that every pair of dimensions is covered.
// LIVERY_TYPES_MATRIX=full runs every combination for both.
const TYPESCRIPTS = { oldest: 'typescript-5.6', newest: 'typescript' } as const;
const TYPES_NODE = ['@types/node', 'types-node-22', 'types-node-24', 'types-node-latest'] as const;
const KINDS = {
  'ESM, node16': { dir: 'esm', module: 'node16', moduleResolution: 'node16', file: 'main.ts', dist: 'esm' },
  'CommonJS, node16': { dir: 'cjs', module: 'node16', moduleResolution: 'node16', file: 'main.ts', dist: 'cjs' },
  'ESM, bundler': { dir: 'esm', module: 'esnext', moduleResolution: 'bundler', file: 'main.ts', dist: 'esm' },
  // TypeScript 5 allows bundler resolution only with ES modules or `preserve`; `import x =
  // require()` then resolves the "require" conditions.
  'CommonJS, bundler': { dir: 'cjs', module: 'preserve', moduleResolution: 'bundler', file: 'main-require.ts', dist: 'cjs' },
} as const;
type Kind = keyof typeof KINDS;

const version = (dir: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', dir, 'package.json'), 'utf8')).version as string;
const full = process.env.LIVERY_TYPES_MATRIX === 'full';
const kinds = Object.keys(KINDS) as Kind[];
const cells = Object.values(TYPESCRIPTS).flatMap((typescript) =>
  TYPES_NODE.flatMap((typesNode, n) =>
    kinds
      .filter((kind, k) => full || typescript === TYPESCRIPTS.newest || k === n)
      .map((kind) => ({ typescript, typesNode, kind })),
  ),
);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livery-types-'));
  const { tarball } = await packTarball(dir);
  writeFileSync(join(dir, 'package.json'), '{ "name": "types-consumer", "private": true }\n');
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball,
      ...['nice-grpc', 'rxjs', '@grpc/grpc-js', '@opentelemetry/api'].map(installed)],
    dir,
    120_000,
  );
  // Dependencies bring an @types/node of their own choosing; each cell brings its own instead.
  rmSync(join(dir, 'node_modules/@types'), { recursive: true, force: true });
  for (const typesNode of TYPES_NODE) {
    mkdirSync(join(dir, 'typeroots', typesNode), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', typesNode), join(dir, 'typeroots', typesNode, 'node'), 'dir');
  }
  for (const [kind, type] of [['esm', 'module'], ['cjs', 'commonjs']] as const) {
    mkdirSync(join(dir, kind));
    writeFileSync(join(dir, kind, 'package.json'), `{ "type": "${type}" }\n`);
    for (const file of ['main.ts', 'main-require.ts']) cpSync(join(ROOT, 'spec/package/consumers/types', file), join(dir, kind, file));
  }
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Two compilers at a time: the machine has two cores, and the oldest TypeScript is slow.
let running = 0;
const queue: (() => void)[] = [];
async function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    queue.shift()?.();
  }
}

describe('the published types', () => {
  it('README states the oldest TypeScript the matrix checks', () => {
    const [major, minor] = version(TYPESCRIPTS.oldest).split('.');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`TypeScript ${major}.${minor} or newer`);
  });

  it('have no @internal member and no hidden hook on HealthRegistry', () => {
    for (const flavour of ['esm', 'cjs']) {
      const registry = readFileSync(join(ROOT, `dist/${flavour}/registry/health-registry.d.ts`), 'utf8');
      expect(registry).not.toMatch(/@internal|attachWatcher|\[[A-Za-z_.]+\]\(/);
    }
  });

  it.concurrent.each(cells.map((cell) => [`TypeScript ${version(cell.typescript)}`, `@types/node ${version(cell.typesNode)}`, cell.kind, cell] as const))(
    'compile with %s, %s, %s',
    async (_ts, _node, _kind, { typescript, typesNode, kind }) => {
      const { dir: sub, file, dist, ...modes } = KINDS[kind];
      const name = `tsconfig.${typescript}.${typesNode.replace('/', '-')}.${sub}-${modes.moduleResolution}.json`;
      const compilerOptions = {
        ...modes,
        target: 'es2022',
        lib: ['esnext'],
        types: ['node'],
        typeRoots: [`../typeroots/${typesNode}`],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      };
      writeFileSync(join(dir, sub, name), JSON.stringify({ compilerOptions, files: [file] }, null, 2));
      const tsc = join(ROOT, 'node_modules', typescript, 'bin/tsc');
      const listed = await oneAtATime(() => run(process.execPath, [tsc, '-p', name, '--listFiles'], join(dir, sub), 120_000));
      const files = listed.split('\n').filter((line) => line.endsWith('.d.ts'));
      const ours = files.filter((line) => line.includes('/node_modules/livery-grpc-health/'));
      expect(ours.length).toBeGreaterThan(5);
      expect(ours.filter((line) => !line.includes(`/livery-grpc-health/dist/${dist}/`))).toEqual([]);
      // Exactly one @types/node in the program: the one this cell is about.
      const nodeTypes = files.filter((line) => /\/(@types\/node|types-node-[^/]+)\//.test(line));
      expect(nodeTypes.length).toBeGreaterThan(10);
      const expected = realpathSync(join(ROOT, 'node_modules', typesNode));
      expect(nodeTypes.filter((line) => !realpathSync(line).startsWith(`${expected}/`))).toEqual([]);
    },
    240_000,
  );
});
