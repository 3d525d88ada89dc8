import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import type { TlsClientOptions } from './client-flags.js';
import { loadCertificates, loadKeyPair } from './tls-files.js';

/**
 * The `node:tls` options for `-tls` and its companions, with grpc_health_probe's semantics: the
 * system's CAs (Node's bundled roots) unless `-tls-ca-cert`, no verification at all with
 * `-tls-no-verify`, a client certificate for mTLS, and `-tls-server-name` as the name both sent
 * (SNI) and verified. `host` is the host dialled, verified when no server name is given.
 *
 * @throws CredentialsError when a file is missing or is not what it should be.
 */
export function createTlsOptions(tls: TlsClientOptions, host: string): ConnectionOptions {
  const pair = tls.clientCert && tls.clientKey ? loadKeyPair(tls.clientCert, tls.clientKey, 'tls client') : undefined;
  const name = tls.serverName ?? host;
  const options: ConnectionOptions = {
    ALPNProtocols: ['h2'],
    // NOTE: SNI takes host names only (an IP there is deprecated, DEP0123); an IP is still
    // verified against the certificate's IP addresses.
    ...(isIP(name) ? {} : { servername: name }),
    ...(pair ? { cert: pair.cert, key: pair.key } : {}),
  };
  if (tls.noVerify) return { ...options, rejectUnauthorized: false, checkServerIdentity: () => undefined };
  return {
    ...options,
    ...(tls.caCert ? { ca: loadCertificates(tls.caCert, 'root CA') } : {}),
    checkServerIdentity: (_host, certificate) => checkServerIdentity(name, certificate),
  };
}
