import type { HealthRegistry } from '../registry/health-registry.js';
import type { ServingStatus } from '../serving-status.js';

/** Options of one probe endpoint (`livez`, `readyz`) of {@link createHealthHttpHandler}. */
export interface HealthGroupOptions {
  /** Where it answers, outside `basePath`: default `'/livez'` or `'/readyz'`. */
  path?: string;
  /**
   * The services that must all be SERVING (an AND). Default: none for `livez` (it passes while
   * the process answers), `[""]` for `readyz` (the server, which you bind to its dependencies).
   */
  services?: readonly string[];
}

/** The two probe endpoints, as Kubernetes' API server names them. */
export type HealthGroupName = 'livez' | 'readyz';

/** A probe endpoint, resolved from its options. */
export interface HealthGroup {
  name: HealthGroupName;
  path: string;
  services: readonly string[];
}

/** One line of a probe's answer: a built-in check (`ping`, `shutdown`) or a service. */
export interface HealthGroupCheck {
  /** The check's name: the service's name for a service (`""` is the server). */
  name: string;
  ok: boolean;
  /** The service's status (services only). */
  status?: ServingStatus;
  /** Left out by `?exclude=`: it neither passes nor fails the probe. */
  excluded?: boolean;
  /** Why it fails, for people. */
  reason?: string;
}

/** What a probe found; see {@link evaluateGroup}. */
export interface HealthGroupResult {
  group: HealthGroupName;
  passed: boolean;
  checks: HealthGroupCheck[];
  /** `?exclude=` names that matched no check (Kubernetes warns about them too). */
  unmatchedExcludes: string[];
}

/** Resolves a probe endpoint's options; `undefined` when turned off with `false`. */
export function resolveGroup(name: HealthGroupName, options: HealthGroupOptions | false | undefined): HealthGroup | undefined {
  if (options === false) return undefined;
  const where = `createHealthHttpHandler(): ${name}`;
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${where} must be an object or false`);
  }
  const path = options?.path ?? `/${name}`;
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    throw new TypeError(`${where}.path must be a path starting with "/", got ${JSON.stringify(path)}`);
  }
  const services = options?.services ?? (name === 'livez' ? [] : ['']);
  if (!Array.isArray(services) || services.some((service) => typeof service !== 'string')) {
    throw new TypeError(`${where}.services must be an array of service names`);
  }
  return { name, path: path.length > 1 ? path.replace(/\/+$/, '') : path, services: [...new Set(services)] };
}

/**
 * Runs a probe: its built-in check (`livez`: `ping`, which passes whenever the process answers;
 * `readyz`: `shutdown`, which fails while the registry is shut down, i.e. draining), then each
 * of its services, in order. It passes when every check that is not excluded passes.
 */
export function evaluateGroup(group: HealthGroup, registry: HealthRegistry, exclude: readonly string[]): HealthGroupResult {
  const excluded = new Set(exclude);
  const checks: HealthGroupCheck[] = [];
  if (group.name === 'livez') checks.push({ name: 'ping', ok: true });
  else checks.push(registry.isShutdown ? { name: 'shutdown', ok: false, reason: 'draining' } : { name: 'shutdown', ok: true });
  for (const service of group.services) {
    const status: ServingStatus = registry.status(service) ?? 'SERVICE_UNKNOWN';
    const ok = status === 'SERVING';
    checks.push(ok ? { name: service, ok, status } : { name: service, ok, status, reason: status === 'SERVICE_UNKNOWN' ? 'not registered' : status });
  }
  for (const check of checks) if (excluded.has(check.name)) check.excluded = true;
  const names = new Set(checks.map((check) => check.name));
  return {
    group: group.name,
    passed: checks.every((check) => check.ok || check.excluded),
    checks,
    unmatchedExcludes: [...excluded].filter((name) => !names.has(name)),
  };
}

/** A request for a probe endpoint; see {@link routeGroupRequest}. */
export interface HealthGroupRequest {
  kind: 'group';
  group: HealthGroup;
  /** `{path}/NAME`: only this check (Kubernetes' `/livez/etcd`). */
  only: string | undefined;
  exclude: string[];
  verbose: boolean;
  json: boolean;
}

/**
 * Matches a request target (path and query, not decoded) against the probe endpoints: the
 * path itself or with one trailing slash, or `{path}/NAME` for one check (URL-decoded).
 * `?exclude=NAME` (repeatable; `?exclude=` is `""`), `?verbose`, `?format=json`.
 */
export function routeGroupRequest(target: string, groups: readonly HealthGroup[]): HealthGroupRequest | undefined {
  if (groups.length === 0) return undefined;
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const group = groups.find((candidate) => path === candidate.path || path.startsWith(`${candidate.path}/`));
  if (group === undefined) return undefined;
  const rest = path.slice(group.path.length + 1);
  const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  return {
    kind: 'group',
    group,
    only: rest === '' ? undefined : decodeOrKeep(rest),
    exclude: query.getAll('exclude'),
    verbose: query.has('verbose'),
    json: query.get('format') === 'json',
  };
}

/** The result of one check of a probe (`/livez/NAME`); `undefined` when it has no such check. */
export function onlyCheck(result: HealthGroupResult, name: string): HealthGroupResult | undefined {
  const checks = result.checks.filter((check) => check.name === name);
  if (checks.length === 0) return undefined;
  return { ...result, checks, passed: checks.every((check) => check.ok || check.excluded), unmatchedExcludes: [] };
}

function decodeOrKeep(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a malformed %-escape names no check: 404
  }
}
