import { describe, expect, it } from 'vitest';
import { END, START, replaceBlock } from '../../bench/lib/readme-block.mjs';

describe('replaceBlock', () => {
  it('replaces only what lies between the markers, keeping them', () => {
    const readme = `# x\n\n## Performance\n${START}\nold table\n${END}\n\nmore\n`;
    expect(replaceBlock(readme, '\nnew table\n')).toBe(`# x\n\n## Performance\n${START}\nnew table\n${END}\n\nmore\n`);
  });

  it('throws when the markers are missing or out of order', () => {
    expect(() => replaceBlock('# x\n', 'table')).toThrow(/no <!-- bench:results:start -->/);
    expect(() => replaceBlock(`${END}\n${START}\n`, 'table')).toThrow();
  });
});
