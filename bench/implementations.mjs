// The implementations under test, and the baseline each one is held to.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = (name) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;

/**
 * `baseline` is what the implementation's ratios are taken against: the least-work server on
 * the same stack. `available` is false for an implementation not built in this checkout.
 */
export function implementations() {
  // NOTE: each next to its baseline, so that the two are measured close together in time.
  return [
    { id: 'bare-nice-grpc', label: 'bare nice-grpc', baseline: 'bare-grpc-js', available: true },
    { id: 'ours-nice-grpc', label: 'ours (nice-grpc)', baseline: 'bare-nice-grpc', ours: true, available: true },
    {
      id: 'nice-grpc-server-health',
      label: `nice-grpc-server-health ${version('nice-grpc-server-health')}`,
      baseline: 'bare-nice-grpc',
      peer: true,
      available: true,
    },
    { id: 'bare-grpc-js', label: 'bare grpc-js', baseline: 'bare-grpc-js', available: true },
    {
      id: 'ours-grpc-js',
      label: 'ours (grpc-js adapter)',
      baseline: 'bare-grpc-js',
      ours: true,
      available: existsSync(`${root}dist/esm/grpc-js/index.js`),
    },
    {
      id: 'grpc-health-check',
      label: `grpc-health-check ${version('grpc-health-check')}`,
      baseline: 'bare-grpc-js',
      peer: true,
      available: true,
    },
  ];
}

/** In-process `set` has no server: one bare registry, ours, and the two peers' state objects. */
export function inProcessImplementations() {
  return [
    { id: 'bare', label: 'bare (Map + Set of callbacks)', baseline: 'bare' },
    { id: 'ours', label: 'ours (HealthRegistry)', baseline: 'bare', ours: true },
    { id: 'nice-grpc-server-health', label: 'nice-grpc-server-health HealthState', baseline: 'bare', peer: true },
    { id: 'grpc-health-check', label: 'grpc-health-check HealthImplementation', baseline: 'bare', peer: true },
  ];
}
