import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module `entry` loads at run time (type-only imports are erased), by path under src/. */
function runtimeImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(relative(src, file))) return;
    files.add(relative(src, file));
    const code = readFileSync(file, 'utf8');
    for (const [, clause, specifier] of code.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+'([^']+)'/gms)) {
      if (specifier === undefined || /^type\s/.test(clause!)) continue;
      if (!specifier.startsWith('.')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        continue;
      }
      const target = join(dirname(file), specifier.replace(/\.js$/, '.ts'));
      expect(existsSync(target), `${relative(src, file)} imports ${specifier}`).toBe(true);
      visit(target);
    }
  };
  visit(join(src, entry));
  return { files, packages };
}

describe('entry points', () => {
  it('the core import loads neither the grpc-js adapter, the HTTP bridge nor the CLI', () => {
    const { files, packages } = runtimeImports('index.ts');
    expect(files.size).toBeGreaterThan(5);
    expect([...files].filter((file) => /^(grpc-js|http|cli|otel|remote)\//.test(file))).toEqual([]);
    // No protobuf runtime: the codec is hand-written over the generated field numbers.
    expect([...packages].sort()).toEqual(['nice-grpc', 'rxjs']);
  });

  it.each([
    ['grpc-js', /^(http|cli|nice-grpc|otel|remote)\//],
    ['http', /^(grpc-js|cli|nice-grpc|otel|remote)\//],
    ['otel', /^(grpc-js|http|cli|nice-grpc|remote)\//],
    ['remote', /^(grpc-js|http|cli|nice-grpc|otel|registry|reactive)\//],
  ])('the %s entry point loads neither nice-grpc nor another entry point', (entry, others) => {
    const { files, packages } = runtimeImports(`${entry}/index.ts`);
    expect([...files].filter((file) => others.test(file))).toEqual([]);
    expect(packages.has('nice-grpc')).toBe(false);
  });

  it('only the otel entry point loads @opentelemetry/api, and nothing else outside the package', () => {
    expect([...runtimeImports('otel/index.ts').packages]).toEqual(['@opentelemetry/api']);
    for (const entry of ['index.ts', 'grpc-js/index.ts', 'http/index.ts', 'remote/index.ts']) {
      expect(runtimeImports(entry).packages.has('@opentelemetry/api')).toBe(false);
    }
  });

  it('the remote entry point needs only @grpc/grpc-js and rxjs', () => {
    const { packages } = runtimeImports('remote/index.ts');
    expect([...packages].sort()).toEqual(['@grpc/grpc-js', 'rxjs']);
  });

  it('the grpc-js entry point has what a grpc-js server needs: the same registry and statuses as the main entry', async () => {
    const main = await import('../../src/index.js');
    const grpcJs: Record<string, unknown> = await import('../../src/grpc-js/index.js');
    // Not the nice-grpc service, nor the reactive helpers (reactive/ is grpc-js/'s sibling layer).
    const elsewhere = ['createHealthService', 'HealthDefinition', 'latestValues', 'probe', 'allServing', 'gracefulShutdown'];
    const shared = Object.keys(main).filter((name) => !elsewhere.includes(name));
    for (const name of shared) expect(grpcJs[name], name).toBe(main[name as keyof typeof main]);
  });
});
