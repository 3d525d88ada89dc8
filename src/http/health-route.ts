/** What a request inside the base path asks for; see {@link routeHealthRequest}. */
export type HealthRoute =
  | { kind: 'check'; service: string; verbose: boolean; text: boolean }
  | { kind: 'watch'; service: string | undefined }
  | { kind: 'page' }
  | { kind: 'bad-request'; reason: string };

/** The reserved segment under the base path for the event streams. */
export const WATCH_SEGMENT = 'watch';
/** The reserved segment under the base path for the status page. */
export const PAGE_SEGMENT = 'ui';

/**
 * Turns a base path option into the form routing compares with: a leading `/`, no trailing
 * one, and `''` for the root.
 */
export function normalizeBasePath(basePath: string): string {
  if (typeof basePath !== 'string' || !(basePath === '' || basePath.startsWith('/'))) {
    throw new TypeError(`createHealthHttpHandler(): basePath must be a string starting with "/", got ${JSON.stringify(basePath)}`);
  }
  return basePath.replace(/\/+$/, '');
}

/**
 * Routes a request target (`req.url`: path and query, not decoded) against `basePath`.
 * Returns `undefined` when the path is outside the base path.
 *
 * Reserved segments are matched on the raw path, service names are URL-decoded:
 * - `{base}` and `{base}/` -> Check of `""`; `{base}?service=NAME` -> Check of NAME (any name,
 *   `watch` and `ui` included);
 * - `{base}/NAME` -> Check of NAME (everything after the slash, decoded, may contain `/`);
 * - `{base}/watch` -> the stream of every service; `{base}/watch/NAME` -> the stream of NAME
 *   (`{base}/watch/` is `""`);
 * - `{base}/ui` and `{base}/ui/` -> the status page (when `page` is on; otherwise `ui` is a
 *   plain name).
 */
export function routeHealthRequest(target: string, basePath: string, page: boolean): HealthRoute | undefined {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const query = new URLSearchParams(rawQuery);
  if (path !== basePath && !(path.startsWith(basePath) && path[basePath.length] === '/')) return undefined;
  const rest = path.slice(basePath.length + 1); // after "{base}/", '' for "{base}" itself

  if (rest === WATCH_SEGMENT) return { kind: 'watch', service: undefined };
  if (rest.startsWith(`${WATCH_SEGMENT}/`)) {
    const service = decode(rest.slice(WATCH_SEGMENT.length + 1));
    return service === undefined ? badName() : { kind: 'watch', service };
  }
  if (page && (rest === PAGE_SEGMENT || rest === `${PAGE_SEGMENT}/`)) return { kind: 'page' };

  // NOTE: not query.get('service'): URLSearchParams turns a malformed %-escape into U+FFFD,
  // which would check a service nobody named instead of answering 400.
  const named = rest === '' ? rawQueryValue(rawQuery, 'service') : undefined;
  const service = decode(named === undefined ? rest : named.replace(/\+/g, ' '));
  if (service === undefined) return badName();
  return { kind: 'check', service, verbose: query.has('verbose'), text: query.get('format') === 'text' };
}

// The first `name=` value of a query string, still percent-encoded; undefined when absent.
function rawQueryValue(query: string, name: string): string | undefined {
  if (query === '') return undefined;
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if ((equals === -1 ? pair : pair.slice(0, equals)) === name) return equals === -1 ? '' : pair.slice(equals + 1);
  }
  return undefined;
}

function decode(name: string): string | undefined {
  try {
    return decodeURIComponent(name);
  } catch {
    return undefined; // a malformed %-escape
  }
}

function badName(): HealthRoute {
  return { kind: 'bad-request', reason: 'the service name is not valid percent-encoding' };
}
