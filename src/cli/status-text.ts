import type { ServingStatus, SettableStatus } from '../serving-status.js';

/**
 * Reads a status typed by a person: `SERVING` or `NOT_SERVING`, in any case, with `-` for
 * `_` (`not-serving`). Returns `undefined` for anything else.
 */
export function parseSettableStatus(text: string): SettableStatus | undefined {
  const normalized = text.trim().toUpperCase().replace(/-/g, '_');
  return normalized === 'SERVING' || normalized === 'NOT_SERVING' ? normalized : undefined;
}

/**
 * A service name as the CLI prints it: as is when it is a plain word, else JSON-quoted, so
 * that the server's own name `""` and names with spaces stay visible and unambiguous.
 */
export function displayServiceName(service: string): string {
  return /^[\w.\-/:@]+$/.test(service) ? service : JSON.stringify(service);
}

/**
 * One line of `watch` and `serve` output: `<ISO time> <service> <STATUS>`, or
 * `<ISO time> <addr> <service> <STATUS>` when a watch follows several servers.
 */
export function formatStatusLine(time: Date, service: string, status: ServingStatus, addr?: string): string {
  return `${time.toISOString()}${addr === undefined ? '' : ` ${addr}`} ${displayServiceName(service)} ${status}`;
}

/** Service/status rows as a two-column table with a header, padded to the widest name. */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const names = rows.map(([service]) => displayServiceName(service));
  const width = Math.max('SERVICE'.length, ...names.map((name) => name.length));
  const lines = rows.map(([, status], i) => `${names[i]!.padEnd(width)}  ${status}`);
  return [`${'SERVICE'.padEnd(width)}  STATUS`, ...lines].join('\n');
}
