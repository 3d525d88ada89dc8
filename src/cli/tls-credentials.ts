import { ChannelCredentials, ServerCredentials } from '@grpc/grpc-js';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsClientOptions } from './client-flags.js';
import { CredentialsError } from './exit-codes.js';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function loadKeyPair(certFile: string, keyFile: string, what: string): { cert: Buffer; key: Buffer } {
  try {
    const cert = readFileSync(certFile);
    const key = readFileSync(keyFile);
    // NOTE: checked here so that a wrong file is an argument error, not a handshake that
    // fails later and looks like a connection failure.
    if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
      throw new Error('private key does not match public key');
    }
    return { cert, key };
  } catch (error) {
    throw new CredentialsError(`failed to load ${what} cert/key pair. error=${reason(error)}`);
  }
}

function loadCertificates(file: string, what: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new CredentialsError(`failed to load ${what} certificates from file (${file}) error=${reason(error)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CredentialsError(`no ${what} certs parsed from file ${file}`);
  }
  return pem;
}

/**
 * Client credentials for `-tls` and its companions, with grpc_health_probe's semantics: the
 * system's CAs unless `-tls-ca-cert`, no verification at all with `-tls-no-verify`, a client
 * certificate for mTLS. (`-tls-server-name` is a channel option, see `connect.ts`.)
 *
 * @throws CredentialsError when a file is missing or is not what it should be.
 */
export function createChannelCredentials(tls: TlsClientOptions | undefined): ChannelCredentials {
  if (tls === undefined) return ChannelCredentials.createInsecure();
  const pair = tls.clientCert && tls.clientKey ? loadKeyPair(tls.clientCert, tls.clientKey, 'tls client') : undefined;
  if (tls.noVerify) {
    return ChannelCredentials.createSsl(null, pair?.key ?? null, pair?.cert ?? null, {
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
  }
  const roots = tls.caCert ? loadCertificates(tls.caCert, 'root CA') : null;
  return ChannelCredentials.createSsl(roots, pair?.key ?? null, pair?.cert ?? null);
}

/** TLS files for `serve`. */
export interface TlsServerFiles {
  cert: string;
  key: string;
  /** When given, clients must present a certificate signed by one of these CAs (mTLS). */
  clientCa?: string;
}

/**
 * Server credentials for `serve --tls-cert --tls-key [--tls-client-ca]`, plaintext without them.
 *
 * @throws CredentialsError when a file is missing or is not what it should be.
 */
export function createServerCredentials(files: TlsServerFiles | undefined): ServerCredentials {
  if (files === undefined) return ServerCredentials.createInsecure();
  const pair = loadKeyPair(files.cert, files.key, 'tls server');
  const clientCa = files.clientCa ? loadCertificates(files.clientCa, 'client CA') : null;
  return ServerCredentials.createSsl(clientCa, [{ cert_chain: pair.cert, private_key: pair.key }], clientCa !== null);
}
