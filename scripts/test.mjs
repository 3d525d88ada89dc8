// npm test [-- vitest arguments]: every spec, on a fresh machine too. Some specs need system
// toolchains (scripts/toolchains.mjs); as root on Debian, the missing ones are installed with
// apt-get (the packages of .ci/apt-packages.txt) and the builds of .ci/setup.d run. Elsewhere,
// the specs that cannot run are left out, one line per missing toolchain says which and how
// to get it, and the run ends with a loud summary and a non-zero exit code: never a full pass.
//
// `node scripts/test.mjs --toolchains-only` does the installing and reporting, nothing else.
// LIVERY_TEST_NO_INSTALL=1 never installs; LIVERY_TEST_PRETEND_MISSING=go,python treats those
// as missing (for the spec of this script).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOLCHAINS, leftOut, missingToolchains, specsNeeding } from './toolchains.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const toolchainsOnly = args[0] === '--toolchains-only';
const pretend = (process.env.LIVERY_TEST_PRETEND_MISSING ?? '').split(',').filter(Boolean);

function run(command, commandArgs, env = {}, stdout = 'inherit') {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: ['inherit', stdout, 'inherit'], env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function canInstall() {
  if (process.env.LIVERY_TEST_NO_INSTALL === '1') return 'LIVERY_TEST_NO_INSTALL=1';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/etc/debian_version')) return 'not Debian';
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return 'no apt-get';
  return undefined;
}

let missing = missingToolchains(pretend);
const cannotInstall = canInstall();
if (missing.length > 0 && cannotInstall === undefined) {
  const packages = missing.flatMap((toolchain) => toolchain.packages);
  console.log(`npm test: installing what the specs need (.ci/apt-packages.txt): apt-get install ${packages.join(' ')}`);
  // NOTE: dpkg's progress (hundreds of lines) is left out; apt-get's errors still show.
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  const ok =
    run('apt-get', ['update', '-qq'], env, 'ignore') === 0 &&
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], env, 'ignore') === 0;
  console.log(ok ? `npm test: installed in ${Math.round((Date.now() - started) / 1000)} s` : 'npm test: apt-get failed (see above)');
  missing = missingToolchains(pretend);
}

// Builds that specs need beyond npm (the Go interop client), unless their toolchain is missing.
const setupDir = join(root, '.ci/setup.d');
const setups = existsSync(setupDir) ? readdirSync(setupDir).filter((file) => file.endsWith('.sh')).sort() : [];
const failedSetups = [];
for (const file of setups) {
  if (missing.some((toolchain) => toolchain.needed.test(`.ci/setup.d/${file}`))) continue;
  if (run('bash', [join(setupDir, file)]) !== 0) failedSetups.push(file);
}

const excluded = missing.map((toolchain) => ({ toolchain, specs: specsNeeding(root, toolchain) }));
const howTo = (toolchain) =>
  `as root on Debian, npm test installs it (apt-get install --no-install-recommends ${toolchain.packages.join(' ')})`;
const missingLines = excluded.map(
  ({ toolchain, specs }) =>
    `MISSING ${toolchain.name}: did not run ${specs.join(', ') || '(no spec needs it)'}; to get it: ${howTo(toolchain)}` +
    (cannotInstall && cannotInstall !== 'LIVERY_TEST_NO_INSTALL=1' ? ` (not installed here: ${cannotInstall})` : ''),
);
for (const line of missingLines) console.log(line);
for (const file of failedSetups) console.log(`FAILED .ci/setup.d/${file}: the specs that need its build will fail`);

let status = 0;
if (!toolchainsOnly) {
  status = run(process.execPath, [join(root, 'scripts/build.mjs')]);
  if (status === 0) {
    const exclude = excluded.flatMap(({ specs }) => specs.flatMap((spec) => ['--exclude', spec]));
    status = run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...args, ...exclude]);
  }
}

// A run that left specs out is not a full pass, unless it was filtered to specs it did run.
const left = leftOut(excluded.flatMap(({ specs }) => specs), toolchainsOnly ? [] : args);
if (left.length > 0 || failedSetups.length > 0 || (missing.length > 0 && toolchainsOnly)) {
  const rule = '='.repeat(100);
  console.log(`\n${rule}\nNOT A FULL PASS: ${left.length} spec file(s) did not run, ${missing.length} of ${TOOLCHAINS.length} toolchains missing`);
  for (const line of [...missingLines, ...failedSetups.map((file) => `FAILED .ci/setup.d/${file}`)]) console.log(`  ${line}`);
  console.log(rule);
  if (status === 0) status = 1;
}
process.exitCode = status;
