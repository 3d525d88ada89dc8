import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Runs every ```ts block of the README as written (the package name resolves to src/, see
// vitest.config.ts) and compares what it logs with the ```text block right after it, if any.
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```\n(?:\n```text\n([\s\S]*?)```\n)?/g)].map(
  ([, code, output], index) => ({ index, code: code!, output: output?.trimEnd() }),
);
const dir = fileURLToPath(new URL('./.readme-examples/', import.meta.url));
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((example) => [example.code.split('\n').find((l) => l.trim() !== '' && !l.startsWith('import') && !/^\s*[}'"]/.test(l)) ?? '', example] as const))(
    'runs the example starting %j',
    async (_, { index, code, output }) => {
      const file = `${dir}example-${index}.ts`;
      writeFileSync(file, `${code}\nexport {};\n`);
      const lines: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        lines.push(format(...args));
      });
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        log.mockRestore();
      }
      if (output !== undefined) expect(lines.join('\n')).toBe(output);
    },
  );
});
