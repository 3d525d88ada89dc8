import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where .ci/setup.d/interop-go.sh puts the grpc-go programs. */
export const GO_INTEROP_BINARIES = {
  /** The health client (spec/interop/go/health-driver). */
  client: `${root}.interop-build/health-driver`,
  /** grpc-go's own health server (spec/interop/go/health-server). */
  server: `${root}.interop-build/health-server`,
};

/** What a grpc-go interop spec needs, for its failure message. */
export const GO_INTEROP_REQUIRES =
  'the Debian packages golang-go and golang-google-grpc-dev (.ci/apt-packages.txt), built by .ci/setup.d/interop-go.sh';

/**
 * Builds the grpc-go programs with the same script CI runs, so that they are never stale (a warm
 * build is a cache hit, a cold one ~10 s). A missing toolchain fails loudly.
 */
export async function buildGoInterop(): Promise<void> {
  try {
    await promisify(execFile)('bash', [`${root}.ci/setup.d/interop-go.sh`], { timeout: 170_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`could not build the grpc-go interop programs: they need ${GO_INTEROP_REQUIRES}\n${stderr ?? String(error)}`);
  }
}
