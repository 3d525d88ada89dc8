import { isIP } from 'node:net';

/** Where a client command dials: a TCP host and port, or a Unix socket. */
export type DialTarget =
  | { kind: 'tcp'; host: string; port: number; authority: string }
  | { kind: 'unix'; path: string; authority: string };

const DEFAULT_PORT = 443; // gRPC's default when a target has no port, as grpc-go and grpc-js use

function hostPort(text: string, target: string): DialTarget {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d*))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  if (!match || !host || (match[1] !== undefined && isIP(match[1]) !== 6)) throw new Error(`invalid target address ${JSON.stringify(target)}`);
  const port = match[3] ? Number(match[3]) : DEFAULT_PORT;
  if (!(port > 0 && port < 65536)) throw new Error(`invalid port in target ${JSON.stringify(target)}`);
  const authority = `${match[1] !== undefined ? `[${host}]` : host}:${port}`;
  return { kind: 'tcp', host, port, authority };
}

/**
 * Reads a gRPC target the way grpc-go and grpc-js name them: `host:port`, `[v6]:port`, `host`
 * (port 443), `dns:host:port` or `dns:///host:port`, `ipv4:` / `ipv6:` with one address, and
 * `unix:path` or `unix:///absolute/path`.
 *
 * @throws Error naming the target when it cannot be dialled.
 */
export function parseDialTarget(target: string): DialTarget {
  if (target.startsWith('unix:')) {
    const path = target.startsWith('unix://') ? target.slice('unix://'.length) : target.slice('unix:'.length);
    if (path === '' || (target.startsWith('unix://') && !path.startsWith('/'))) {
      throw new Error(`invalid unix socket target ${JSON.stringify(target)}`);
    }
    return { kind: 'unix', path, authority: 'localhost' };
  }
  const scheme = /^(dns|ipv4|ipv6):(?:\/\/[^/]*\/)?(.*)$/.exec(target);
  if (scheme) {
    const [, , rest] = scheme;
    if (rest!.includes(',')) throw new Error(`only one address is supported in ${JSON.stringify(target)}`);
    return hostPort(rest!, target);
  }
  return hostPort(target, target);
}
