/**
 * The package's version, for `livery-health -version`. Written out rather than read from
 * package.json at run time: one file less to find and parse on every probe, in both the ESM
 * and the CommonJS build. spec/cli/version.spec.ts keeps it equal to package.json's.
 */
export const VERSION = '0.1.0';
