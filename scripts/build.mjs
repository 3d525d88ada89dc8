// Builds dist/esm and dist/cjs with tsc, marks the CommonJS half, and bundles the CLI into one
// executable file, dist/bin/livery-health.cjs.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';

const tsc = 'node_modules/typescript/bin/tsc';
rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build-cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');

// NOTE: one file, because a probe's start-up is paid in every pod every few seconds: resolving
// the CLI's ~30 modules one by one runs path normalization hot enough for V8 to optimize it
// (TurboFan), which alone costs ~4.5 MB of peak RSS; loading CommonJS also skips the ESM
// loader. The commands stay lazy inside the bundle (serve's code runs only for serve), and the
// peers stay outside it: they are the user's own instances, loaded only by serve.
const bin = 'dist/bin/livery-health.cjs';
buildSync({
  entryPoints: ['dist/cjs/cli/main.js'],
  outfile: bin,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['nice-grpc', '@grpc/grpc-js', 'rxjs', '@opentelemetry/api'],
  logLevel: 'warning',
});
chmodSync(bin, 0o755);
// The CLI is not an entry point: the bundle is all of it that ships.
for (const dir of ['dist/esm/cli', 'dist/cjs/cli']) rmSync(dir, { recursive: true, force: true });
