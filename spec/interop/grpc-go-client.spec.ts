import { beforeAll } from 'vitest';
import { GO_INTEROP_BINARIES, GO_INTEROP_REQUIRES, buildGoInterop } from '../support/go-interop-build.js';
import { InteropDriver } from '../support/interop-driver.js';
import { describeHealthInterop } from './health-interop-cases.js';

// grpc-go from Debian (golang-google-grpc-dev): spec/interop/go/health-driver, built by the same
// script CI runs, so the binary is never stale (a warm build is a cache hit, a cold one ~10 s).
beforeAll(buildGoInterop, 180_000);

describeHealthInterop({
  name: 'grpc-go',
  // Its generated grpc_health_v1 (grpc-go 1.33) predates List.
  hasClientSideHealthChecking: true,
  requires: GO_INTEROP_REQUIRES,
  hasList: false,
  start: (address) => InteropDriver.start('grpc-go health-driver', GO_INTEROP_BINARIES.client, [address]),
});
