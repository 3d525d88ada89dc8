// Replaces the generated block of docs/performance.md, between the markers (pure).

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

/** `page` with the text between the markers replaced by `block`; throws without the markers. */
export function replaceBlock(page, block) {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start === -1 || end < start) throw new Error(`the page has no ${START} ... ${END} block`);
  return `${page.slice(0, start + START.length)}\n${block.trim()}\n${page.slice(end)}`;
}
