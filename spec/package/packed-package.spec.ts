import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT as root, installed, packTarball, run } from '../support/packed-tarball.js';

// The tarball `npm publish` would upload, checked by attw and publint and installed into two
// fresh projects (the types matrix is spec/package/types-matrix.spec.ts).
const consumers = fileURLToPath(new URL('./consumers/', import.meta.url));
const INSTALL_TIMEOUT = 120_000;

let dir: string;
let tarball: string;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livery-packed-'));
  ({ tarball, files } = await packTarball(dir));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh project from spec/package/consumers/<name>, with the tarball and `deps` installed once. */
async function installConsumer(name: string, deps: string[]): Promise<string> {
  const project = join(dir, name);
  cpSync(join(consumers, name), project, { recursive: true });
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball, ...deps], project, INSTALL_TIMEOUT);
  return project;
}

/** Every copy of protobufjs installed in `project` (`npm ls`), by path. */
async function protobufCopies(project: string): Promise<string[]> {
  const output = await run('npm', ['ls', 'protobufjs', '--all', '--parseable'], project);
  return [...new Set(output.split('\n').filter((line) => line.includes('node_modules/protobufjs')))];
}

describe('the packed package', () => {
  it('ships dist and proto (plus package.json, README, LICENSE): no sources, specs or source maps', () => {
    const outside = files.filter((file) => !/^(dist|proto)\//.test(file));
    expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(files.filter((file) => /\.(map|ts)$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /spec|\.tsbuildinfo$/.test(file))).toEqual([]);
    for (const entry of ['esm/index.js', 'cjs/index.js', 'cjs/package.json', 'esm/grpc-js/index.d.ts', 'cjs/grpc-js/index.d.ts', 'esm/http/index.js', 'cjs/http/index.d.ts', 'esm/otel/index.js', 'cjs/otel/index.d.ts', 'esm/remote/index.js', 'cjs/remote/index.d.ts']) {
      expect(files).toContain(`dist/${entry}`);
    }
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it('has types that resolve in every mode (@arethetypeswrong/cli)', async () => {
    const output = await run(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'ascii', '--no-color'], root);
    expect(output).toMatch(/No problems found/);
  });

  it('passes publint with no errors, warnings or suggestions', async () => {
    const output = await run(join(root, 'node_modules/.bin/publint'), ['run', tarball, '--strict'], root);
    expect(output).toMatch(/All good!/);
  });

  it.concurrent('installs into a fresh ESM project that serves a Check from nice-grpc and plain grpc-js, HTTP, and runs the CLI', async () => {
    const project = await installConsumer('esm', [
      installed('nice-grpc'),
      installed('rxjs'),
      installed('@grpc/grpc-js'),
      `@opentelemetry/api@${JSON.parse(readFileSync(join(root, 'node_modules/@opentelemetry/api/package.json'), 'utf8')).version}`,
    ]);
    const output = JSON.parse(await run(process.execPath, ['main.mjs'], project));
    for (const kind of ['nice-grpc', 'grpc-js']) {
      expect(output[kind]).toEqual([{ status: 'SERVING' }, { status: 'NOT_SERVING' }]);
      expect(output[`remote ${kind}`]).toBe('NOT_SERVING');
    }
    expect(output.http).toEqual([503, { service: 'db', status: 'NOT_SERVING' }]);
    expect(output.cli).toEqual([0, 4]);
    expect(output.otel).toBe('function');
    // One protobufjs in a typical install: grpc-js's (through @grpc/proto-loader); none of ours.
    expect(await protobufCopies(project)).toHaveLength(1);
    expect(output.resolved).toEqual([
      expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/esm\/index\.js$/),
      expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/esm\/grpc-js\/index\.js$/),
      expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/esm\/http\/index\.js$/),
      expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/esm\/otel\/index\.js$/),
      expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/esm\/remote\/index\.js$/),
    ]);
  }, 4 * INSTALL_TIMEOUT);

  it.concurrent('installs into a fresh project without nice-grpc that serves a Check from plain grpc-js, and runs the CLI', async () => {
    const project = await installConsumer('grpc-js-only', [installed('rxjs'), installed('@grpc/grpc-js'), installed('@types/node')]);
    const output = JSON.parse(await run(process.execPath, ['main.mjs'], project));
    // The declarations too: types.ts compiles (strict, skipLibCheck off) with nice-grpc absent.
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
    // HealthCheckResponse{status}: SERVING is field 1 = 1, NOT_SERVING field 1 = 2.
    expect(output).toEqual({ check: [[0x08, 1], [0x08, 2]], cli: [0, 4], niceGrpc: 'ERR_MODULE_NOT_FOUND' });
    expect(existsSync(join(project, 'node_modules/nice-grpc'))).toBe(false);
    expect(await protobufCopies(project)).toHaveLength(1);
  }, 4 * INSTALL_TIMEOUT);

  it.concurrent('installs into a fresh CommonJS TypeScript project that compiles with tsc and serves a Check', async () => {
    const project = await installConsumer('cjs', [installed('nice-grpc'), installed('rxjs'), installed('@types/node')]);
    const compiled = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--listFiles'], project);
    const ours = compiled.split('\n').filter((file) => file.includes('/node_modules/livery-grpc-health/'));
    expect(ours).toContain(join(project, 'node_modules/livery-grpc-health/dist/cjs/index.d.ts'));
    expect(ours).toContain(join(project, 'node_modules/livery-grpc-health/dist/cjs/grpc-js/index.d.ts'));
    expect(ours).toContain(join(project, 'node_modules/livery-grpc-health/dist/cjs/remote/index.d.ts'));
    expect(ours.filter((file) => !file.includes('/dist/cjs/'))).toEqual([]);
    expect(readFileSync(join(project, 'out/main.js'), 'utf8')).toMatch(/require\("livery-grpc-health"\)/);
    const output = JSON.parse(await run(process.execPath, ['out/main.js'], project));
    expect(output).toEqual({
      status: 'SERVING',
      adapter: 'function',
      remote: 'SERVING',
      resolved: [
        expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/cjs\/index\.js$/),
        expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/cjs\/grpc-js\/index\.js$/),
        expect.stringMatching(/node_modules\/livery-grpc-health\/dist\/cjs\/remote\/index\.js$/),
      ],
    });
  }, 4 * INSTALL_TIMEOUT);
});
