import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { docExamples, docPages, type DocExample } from './doc-examples.js';

// Every ```ts and ```js block of the README and docs/*.md runs as a user runs it (the rules:
// docs/CONTRIBUTING-docs.md): TypeScript is type-checked and compiled by tsc (strict,
// skipLibCheck false, nodenext), then each example is its own `node` process; its stdout must
// be the ```text block that follows it, its stderr empty, its exit code 0, and it must end
// by itself. `livery-grpc-health` resolves by name to the BUILT package (dist/, through the
// exports map: the package's self-reference), as it does for a user after `npm install`.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, '.doc-examples');
const RUN_TIMEOUT = 20_000;

const examples = docPages(root).flatMap((page) => docExamples(root, page));
const fileOf = (example: DocExample) =>
  example.kind === 'ts' ? join(dir, 'out', `${example.name}.mjs`) : join(dir, `${example.name}.${example.kind}`);

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

function run(command: string, args: string[], timeout: number): Promise<Ended> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: dir, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, signal: error?.signal ?? null, stdout, stderr, killed: error?.killed ?? false });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/esm/index.js')) || !existsSync(join(root, 'dist/cjs/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const example of examples) {
    const file = example.kind === 'ts' ? `${example.name}.mts` : `${example.name}.${example.kind}`;
    writeFileSync(join(dir, file), example.code);
  }
  // What a user's project would say: strict, no skipLibCheck, Node's own module rules.
  const tsconfig = {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      outDir: 'out',
      rootDir: '.',
    },
    include: ['*.mts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], 120_000);
  if (tsc.code !== 0) {
    const names = examples.map((example) => `${example.name}.mts = ${example.id} (${example.title})`).join('\n');
    throw new Error(`tsc failed on the docs' TypeScript examples:\n${tsc.stdout}${tsc.stderr}\n${names}`);
  }
}, 150_000);

describe('the examples in README.md and docs/', () => {
  it('are there, and every page with code has some', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    expect(examples.filter((example) => example.kind === 'cjs').length).toBeGreaterThanOrEqual(1);
  });

  it.concurrent.each(examples.map((example) => [example.id, example.title, example] as const))(
    '%s runs as its own process: %s',
    async (_id, _title, example) => {
      const ended = await run(process.execPath, [fileOf(example)], RUN_TIMEOUT);
      const context = `${example.id} (${fileOf(example)})\n--- stdout\n${ended.stdout}--- stderr\n${ended.stderr}`;
      expect(ended.killed, `still running after ${RUN_TIMEOUT} ms: ${context}`).toBe(false);
      // 13: Node's exit code when the event loop empties while a top-level await is pending.
      expect(ended.code, `exit code ${ended.code} (signal ${ended.signal}): ${context}`).toBe(0);
      expect(ended.stderr, context).toBe('');
      if (example.output !== undefined) expect(ended.stdout.replace(/\n$/, ''), context).toBe(example.output);
    },
  );
});
