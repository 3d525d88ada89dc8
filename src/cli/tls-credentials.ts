import { ServerCredentials } from '@grpc/grpc-js';
import { loadCertificates, loadKeyPair } from './tls-files.js';

/** TLS files for `serve`. */
export interface TlsServerFiles {
  cert: string;
  key: string;
  /** When given, clients must present a certificate signed by one of these CAs (mTLS). */
  clientCa?: string;
}

/**
 * Server credentials for `serve --tls-cert --tls-key [--tls-client-ca]`, plaintext without them.
 * (The client commands do not use grpc-js: their TLS options are in `tls-client-options.ts`.)
 *
 * @throws CredentialsError when a file is missing or is not what it should be.
 */
export function createServerCredentials(files: TlsServerFiles | undefined): ServerCredentials {
  if (files === undefined) return ServerCredentials.createInsecure();
  const pair = loadKeyPair(files.cert, files.key, 'tls server');
  const clientCa = files.clientCa ? loadCertificates(files.clientCa, 'client CA') : null;
  return ServerCredentials.createSsl(clientCa, [{ cert_chain: pair.cert, private_key: pair.key }], clientCa !== null);
}
