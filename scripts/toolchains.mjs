// The system toolchains some specs need beyond npm (interop clients, a browser, openssl): how to
// tell whether each is there, which Debian packages bring it, and which spec files need it.
// scripts/test.mjs (`npm test`) installs what is missing, or says what did not run and why.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Every toolchain: `needed` matches the source of a spec file (or of a file it imports from
 * spec/) that needs it; `present()` checks the machine; `packages` are the Debian packages that
 * bring it (all of them are in .ci/apt-packages.txt, which a spec checks).
 */
export const TOOLCHAINS = [
  {
    id: 'go',
    name: 'grpc-go interop client and server (Go, grpc-go sources)',
    packages: ['golang-go', 'golang-google-grpc-dev'],
    needed: /\.ci\/setup\.d\/[\w-]*go[\w-]*\.sh/,
    present: () => works('go', ['version']) && existsSync('/usr/share/gocode/src/google.golang.org/grpc'),
  },
  {
    id: 'python',
    name: 'Python grpcio interop client (C-core)',
    // NOTE: Debian's python3-grpc-tools imports pkg_resources without depending on it (found on
    // a fresh bookworm): the check imports what the driver imports.
    packages: ['python3-grpcio', 'python3-grpc-tools', 'python3-pkg-resources'],
    needed: /\/usr\/bin\/python3|python3-grpcio/,
    present: () => works('/usr/bin/python3', ['-c', 'import grpc; from grpc_tools import protoc']),
  },
  {
    id: 'chromium',
    name: 'headless Chromium (status page)',
    packages: ['chromium', 'fonts-dejavu-core'],
    needed: /\/usr\/bin\/chromium/,
    present: () => executable('/usr/bin/chromium') && existsSync('/usr/share/fonts/truetype/dejavu'),
  },
  {
    id: 'openssl',
    name: 'openssl (test certificates for the TLS specs)',
    packages: ['openssl'],
    needed: /execFileSync\('openssl'/,
    present: () => works('openssl', ['version']),
  },
];

function works(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The packages listed in .ci/apt-packages.txt (comments and blank lines left out). */
export function aptPackages(root) {
  return readFileSync(join(root, '.ci/apt-packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** Every `*.spec.ts` under spec/, relative to `root`, sorted. */
export function specFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'consumers') continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.spec.ts')) found.push(path);
    }
  };
  walk('spec');
  return found.sort();
}

/**
 * The spec files that need `toolchain`: those whose source, or the source of a spec/ file they
 * import (transitively), matches its `needed` pattern.
 */
export function specsNeeding(root, toolchain) {
  const cache = new Map();
  const needs = (file, seen) => {
    if (cache.has(file)) return cache.get(file);
    if (seen.has(file) || !existsSync(join(root, file))) return false;
    seen.add(file);
    const source = readFileSync(join(root, file), 'utf8');
    let result = toolchain.needed.test(source);
    for (const [, specifier] of source.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      if (result) break;
      const target = relative(root, join(root, dirname(file), specifier.replace(/\.js$/, '.ts')));
      if (target.startsWith('spec/')) result = needs(target, seen);
    }
    cache.set(file, result);
    return result;
  };
  return specFiles(root).filter((file) => needs(file, new Set()));
}

/** The toolchains missing on this machine (`pretend` names ids to treat as missing, for specs). */
export function missingToolchains(pretend = []) {
  return TOOLCHAINS.filter((toolchain) => pretend.includes(toolchain.id) || !toolchain.present());
}

/**
 * The spec files a run left out that it was asked to run: all of `excluded` for a full run,
 * else those that one of the run's file filters (vitest's positional arguments) selects.
 */
export function leftOut(excluded, vitestArgs) {
  const filters = vitestArgs.filter((arg) => !arg.startsWith('-'));
  return excluded.filter((spec) => filters.length === 0 || filters.some((filter) => spec.includes(filter)));
}
