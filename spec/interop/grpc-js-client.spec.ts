import { fileURLToPath } from 'node:url';
import { InteropDriver } from '../support/interop-driver.js';
import { describeHealthInterop } from './health-interop-cases.js';

// @grpc/grpc-js with @grpc/proto-loader, as a separate Node process that imports none of our
// code (spec/wire/grpc-js-client.spec.ts is the in-process one).
const script = fileURLToPath(new URL('./grpc-js/health-driver.mjs', import.meta.url));

describeHealthInterop({
  name: 'grpc-js',
  requires: '@grpc/grpc-js and @grpc/proto-loader (npm ci)',
  hasList: true,
  // grpc-js (1.14) does not implement client-side health checking: no healthCheckConfig.
  hasClientSideHealthChecking: false,
  start: (address) => InteropDriver.start('grpc-js health-driver.mjs', process.execPath, [script, address]),
});
