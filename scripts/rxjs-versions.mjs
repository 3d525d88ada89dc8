// Runs the specs that exercise RxJS against other published RxJS versions:
//   node scripts/rxjs-versions.mjs                    every version the peer range admits, and the newest 8.x
//   node scripts/rxjs-versions.mjs 7.8.1 8.0.0-alpha.14
// Each version is installed from the npm registry into a temporary folder, and vitest resolves
// `rxjs` there (spec/rxjs-peer.spec.ts checks that it did). `npm test` covers the installed
// devDependency only; run this when RxJS publishes a release, or to see what RxJS 8 does.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SPECS = ['spec/rxjs-peer.spec.ts', 'spec/registry', 'spec/nice-grpc', 'spec/grpc-js', 'spec/reactive', 'spec/http'];

const npm = (...args) => execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const asList = (json) => [JSON.parse(json)].flat();

async function defaultVersions() {
  const { peerDependencies } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const admitted = asList(npm('view', `rxjs@${peerDependencies.rxjs}`, 'version', '--json'));
  const newest8 = asList(npm('view', 'rxjs', 'versions', '--json')).filter((version) => version.startsWith('8.')).at(-1);
  return { admitted, others: newest8 ? [newest8] : [] };
}

async function run(version) {
  const dir = await mkdtemp(join(os.tmpdir(), `livery-rxjs-${version}-`));
  try {
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', dir, `rxjs@${version}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // NOTE: beside the project's own config, so that it resolves vitest from the project.
    const config = join(root, `.vitest-rxjs-${process.pid}.config.mts`);
    await writeFile(
      config,
      `import { mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';
export default mergeConfig(base, {
  root: ${JSON.stringify(root)},
  resolve: { alias: [{ find: /^rxjs$/, replacement: ${JSON.stringify(join(dir, 'node_modules', 'rxjs'))} }] },
  test: { env: { LIVERY_RXJS_VERSION: ${JSON.stringify(version)} } },
});
`,
    );
    try {
      execFileSync('npx', ['vitest', 'run', '--config', config, ...SPECS], { cwd: root, stdio: 'inherit' });
      return true;
    } catch {
      return false;
    } finally {
      await rm(config, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const asked = process.argv.slice(2);
const { admitted, others } = asked.length > 0 ? { admitted: asked, others: [] } : await defaultVersions();
const results = [];
for (const version of [...admitted, ...others]) {
  console.log(`\n== rxjs@${version}${others.includes(version) ? ' (outside the peer range)' : ''}`);
  results.push({ version, passed: await run(version), required: admitted.includes(version) });
}
console.log('');
for (const { version, passed, required } of results) {
  console.log(`rxjs@${version}: ${passed ? 'passed' : 'FAILED'}${required ? '' : ' (outside the peer range: informational)'}`);
}
process.exitCode = results.some(({ passed, required }) => required && !passed) ? 1 : 0;
