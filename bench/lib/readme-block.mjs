// Replaces the generated block of README.md's Performance section (pure).

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

/** `readme` with the text between the markers replaced by `block`; throws without the markers. */
export function replaceBlock(readme, block) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${block.trim()}\n${readme.slice(end)}`;
}
