import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One runnable code block of the README or a docs/ page (see docs/CONTRIBUTING-docs.md).
 * `kind` says how a user runs it: `ts` is compiled by tsc (ESM, nodenext) and the result run
 * with node; `mjs` and `cjs` are JavaScript, run with node as written.
 */
export interface DocExample {
  /** `README.md#2`, `docs/http.md#1`: the page and the block's index among its runnable blocks. */
  id: string;
  /** File name for the extracted example, unique across pages. */
  name: string;
  kind: 'ts' | 'mjs' | 'cjs';
  code: string;
  /** The ```text block that follows the example, without its trailing newline, if any. */
  output: string | undefined;
  /** The first line that says what the example does (for the test's name). */
  title: string;
}

// A ```ts or ```js block, then (after blank lines only) an optional ```text block.
const BLOCK = /^```(ts|js)\n([\s\S]*?)^```\n(?:\s*?\n```text\n([\s\S]*?)^```\n)?/gm;

/** The README and every docs/*.md page below `root`, as paths relative to it. */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => `docs/${file}`);
  return ['README.md', ...docs];
}

/** Every runnable block of the page at `root`/`page`. */
export function docExamples(root: string, page: string): DocExample[] {
  const text = readFileSync(join(root, page), 'utf8');
  const slug = relative('.', page).replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  return [...text.matchAll(BLOCK)].map(([, lang, code, output], index) => {
    const kind = lang === 'ts' ? 'ts' : /\brequire\(/.test(code!) ? 'cjs' : 'mjs';
    const title =
      code!.split('\n').find((line) => line.trim() !== '' && !/^\s*(import|const \{[^}]*\} = require|\/\/|[}'")\]])/.test(line)) ?? '';
    return {
      id: `${page}#${index}`,
      name: `${slug}-${index}`,
      kind,
      code: code!,
      output: output?.replace(/\n$/, ''),
      title: title.trim(),
    };
  });
}
