import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of the PEM files {@link makeTestCertificates} writes. */
export interface TestCertificates {
  dir: string;
  /** The CA that signed the server and client certificates. */
  ca: string;
  /** Valid for DNS:health.test and IP:127.0.0.1, signed by `ca`. */
  serverCert: string;
  serverKey: string;
  /** A client certificate (CN=probe) signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA, which the server does not trust. */
  strangerCert: string;
  strangerKey: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: Buffer };
    if (code === 'ENOENT') {
      throw new Error('openssl is not installed: the TLS specs need it (Debian package "openssl", listed in .ci/apt-packages.txt)');
    }
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr?.toString() ?? String(error)}`);
  }
}

/**
 * Makes a throwaway CA, a server certificate and client certificates with `openssl`, in a temp
 * directory (EC P-256 keys: fast to make). Call `remove()` when done.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'livery-tls-'));
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const makeCa = (name: string) =>
    openssl(dir, ['req', '-x509', ...key, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`]);
  const issue = (name: string, ca: string, extensions: string) => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(dir, ['req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    openssl(dir, [
      'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial',
      '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`,
    ]);
  };
  makeCa('livery-test-ca');
  makeCa('stranger-ca');
  issue('server', 'livery-test-ca', 'subjectAltName=DNS:health.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('probe', 'livery-test-ca', 'extendedKeyUsage=clientAuth\n');
  issue('stranger', 'stranger-ca', 'extendedKeyUsage=clientAuth\n');
  const file = (name: string) => join(dir, name);
  return {
    dir,
    ca: file('livery-test-ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('probe.pem'),
    clientKey: file('probe.key'),
    strangerCert: file('stranger.pem'),
    strangerKey: file('stranger.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
