import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    // Every wait inside a test has its own, shorter bound; these only stop a runaway.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: specs that start servers and child processes run two files at a time.
    maxWorkers: 2,
  },
});
