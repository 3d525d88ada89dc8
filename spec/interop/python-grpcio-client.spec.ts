import { fileURLToPath } from 'node:url';
import { InteropDriver } from '../support/interop-driver.js';
import { describeHealthInterop } from './health-interop-cases.js';

// Python grpcio (C-core) from Debian (python3-grpcio, python3-grpc-tools): Debian's own
// interpreter, not whichever python3 is first on PATH. The driver makes its stubs from our proto.
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('./python/health_driver.py', import.meta.url));

describeHealthInterop({
  name: 'Python grpcio',
  hasClientSideHealthChecking: true,
  requires: '/usr/bin/python3 with the Debian packages python3-grpcio, python3-grpc-tools and python3-pkg-resources (.ci/apt-packages.txt)',
  hasList: true,
  start: (address) => InteropDriver.start('Python grpcio health_driver.py', python, [script, address]),
});
