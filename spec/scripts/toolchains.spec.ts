import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOOLCHAINS, aptPackages, leftOut, missingToolchains, specsNeeding } from '../../scripts/toolchains.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `node scripts/test.mjs --toolchains-only` with `env`: installs nothing, builds nothing, runs no spec. */
function toolchainsOnly(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/test.mjs', '--toolchains-only'],
      { cwd: root, timeout: 120_000, env: { ...process.env, LIVERY_TEST_NO_INSTALL: '1', ...env } },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

describe('the toolchains npm test needs', () => {
  it('are the packages of .ci/apt-packages.txt, each package in exactly one toolchain', () => {
    const packages = TOOLCHAINS.flatMap((toolchain) => toolchain.packages);
    expect(new Set(packages).size).toBe(packages.length);
    expect([...packages].sort()).toEqual([...aptPackages(root)].sort());
  });

  it('are found in the spec files that need them, through the spec/ files they import', () => {
    const needing = Object.fromEntries(TOOLCHAINS.map((toolchain) => [toolchain.id, specsNeeding(root, toolchain)]));
    expect(needing.go).toContain('spec/interop/grpc-go-client.spec.ts');
    expect(needing.python).toContain('spec/interop/python-grpcio-client.spec.ts');
    expect(needing.chromium).toContain('spec/http/status-page.spec.ts');
    // openssl is named only in spec/support/test-certificates.ts, which the TLS spec imports.
    expect(needing.openssl).toContain('spec/cli/tls-credentials.spec.ts');
    expect(needing.go).toContain('spec/interop/grpc-go-server.spec.ts'); // through spec/support/go-interop-build.ts
    expect(needing.go).not.toContain('spec/interop/grpc-js-client.spec.ts');
  });

  it('a full run counts every left-out spec; a filtered run only those it selected', () => {
    const excluded = ['spec/interop/grpc-go-client.spec.ts', 'spec/http/status-page.spec.ts'];
    expect(leftOut(excluded, [])).toEqual(excluded);
    expect(leftOut(excluded, ['--reporter', 'dot'].filter((arg) => arg.startsWith('-')))).toEqual(excluded);
    expect(leftOut(excluded, ['spec/interop'])).toEqual(['spec/interop/grpc-go-client.spec.ts']);
    expect(leftOut(excluded, ['spec/registry'])).toEqual([]);
  });

  it('when some cannot be installed: one line per missing client naming its specs and how to get it, a loud summary, exit 1', async () => {
    const { code, stdout } = await toolchainsOnly({ LIVERY_TEST_PRETEND_MISSING: 'go,chromium' });
    expect(code).toBe(1);
    const lines = stdout.split('\n').filter((line) => line.startsWith('MISSING '));
    expect(lines).toEqual([
      expect.stringMatching(/^MISSING grpc-go .*: did not run spec\/interop\/grpc-go-client\.spec\.ts.*; to get it: .*apt-get install --no-install-recommends golang-go golang-google-grpc-dev/),
      expect.stringMatching(/^MISSING headless Chromium .*: did not run spec\/http\/status-page\.spec\.ts; to get it: .*apt-get install --no-install-recommends chromium fonts-dejavu-core/),
    ]);
    expect(stdout).toMatch(/^NOT A FULL PASS: 3 spec file\(s\) did not run, 2 of 4 toolchains missing$/m);
  });

  it('on this machine: reports exactly what is really missing', async () => {
    const missing = missingToolchains().map((toolchain) => toolchain.id);
    const { code, stdout } = await toolchainsOnly({});
    expect(code).toBe(missing.length === 0 ? 0 : 1);
    expect(stdout.split('\n').filter((line) => line.startsWith('MISSING ')).length).toBe(missing.length);
  });
});
