import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    // README examples import the package by name; specs run them against the sources.
    alias: [
      { find: /^livery-grpc-health$/, replacement: `${src}index.ts` },
      { find: /^livery-grpc-health\/(.+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['spec/**/*.spec.ts'],
    // Every wait inside a test has its own, shorter bound; these only stop a runaway.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: specs that start servers and child processes run two files at a time.
    maxWorkers: 2,
    // Heap specs force garbage collection between readings (spec/support/heap.ts).
    execArgv: ['--expose-gc'],
  },
});
