// Builds dist/esm and dist/cjs with tsc, marks the CommonJS half, and makes the CLI executable.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build-cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
for (const cli of ['dist/esm/cli/main.js', 'dist/cjs/cli/main.js']) {
  if (existsSync(cli)) chmodSync(cli, 0o755);
}
