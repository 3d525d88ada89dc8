import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CredentialsError } from './exit-codes.js';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a certificate and its private key, in grpc_health_probe's words when they cannot be
 * used. `what` names the pair in the message (`tls client`, `tls server`).
 *
 * @throws CredentialsError when a file is missing or the key does not match the certificate.
 */
export function loadKeyPair(certFile: string, keyFile: string, what: string): { cert: Buffer; key: Buffer } {
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

/**
 * Reads PEM certificates (a CA bundle). `what` names them in the message (`root CA`, `client CA`).
 *
 * @throws CredentialsError when the file is missing or holds no certificate.
 */
export function loadCertificates(file: string, what: string): Buffer {
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
