import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll } from 'vitest';
import { InteropDriver } from '../support/interop-driver.js';
import { describeHealthInterop } from './health-interop-cases.js';

// grpc-go from Debian (golang-google-grpc-dev): spec/interop/go/health-driver, built by the same
// script CI runs, so the binary is never stale (a warm build is a cache hit, a cold one ~10 s).
const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = `${root}.interop-build/health-driver`;

beforeAll(async () => {
  try {
    await promisify(execFile)('bash', [`${root}.ci/setup.d/interop-go.sh`], { timeout: 170_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(
      'could not build the grpc-go interop client: it needs the Debian packages golang-go and ' +
        `golang-google-grpc-dev (.ci/apt-packages.txt), built by .ci/setup.d/interop-go.sh\n${stderr ?? String(error)}`,
    );
  }
}, 180_000);

describeHealthInterop({
  name: 'grpc-go',
  // Its generated grpc_health_v1 (grpc-go 1.33) predates List.
  hasClientSideHealthChecking: true,
  requires: 'the Debian packages golang-go and golang-google-grpc-dev (.ci/apt-packages.txt), built by .ci/setup.d/interop-go.sh',
  hasList: false,
  start: (address) => InteropDriver.start('grpc-go health-driver', binary, [address]),
});
