import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'nice-grpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { worstOutcome } from '../../src/cli/check.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { VERSION } from '../../src/cli/version.js';
import { HealthDefinition, HealthRegistry, createHealthService } from '../../src/index.js';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT, killAllCli, startCli } from '../support/cli-process.js';

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));

describe('livery-health as a drop-in for grpc_health_probe', () => {
  const registry = new HealthRegistry();
  let server: Server;
  let address: string;

  beforeAll(async () => {
    registry.set('db', 'SERVING');
    registry.set('queue', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    server = createServer();
    server.add(HealthDefinition, createHealthService(registry));
    address = `127.0.0.1:${await server.listen('127.0.0.1:0')}`;
  });
  afterEach(() => killAllCli());
  afterAll(() => server.forceShutdown());

  it('runs check when the command line starts with a flag: the installed binary, as grpc_health_probe is called', async () => {
    const [serving, notServing, asCheck] = await Promise.all([
      startCli([`-addr=${address}`, ...PATIENT], { executable: true }).finished(),
      startCli([`-addr=${address}`, '-service=cache', ...PATIENT], { executable: true }).finished(),
      startCli(['check', `-addr=${address}`, '-service=cache', ...PATIENT], { executable: true }).finished(),
    ]);
    expect(serving).toMatchObject({ code: 0, stdout: '', stderr: 'status: SERVING\n' });
    expect(notServing).toMatchObject({ code: 4, stdout: '', stderr: 'service unhealthy (responded with "NOT_SERVING")\n' });
    expect(notServing).toMatchObject({ code: asCheck.code, stdout: asCheck.stdout, stderr: asCheck.stderr });
  });

  it('without a command, reports a missing -addr and bad flags as check does (exit 1)', async () => {
    expect(await runInProcess(['-service=db'])).toEqual({ code: 1, stdout: '', stderr: 'error: -addr not specified\n' });
    expect(await runInProcess(['--addr', address, '--nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: flag provided but not defined: -nope\n',
    });
  });

  it('-version prints the package version on stdout and exits 0, with or without other flags', async () => {
    expect(VERSION).toBe(pkg.version);
    const expected = { code: 0, stdout: `livery-health ${pkg.version}\n`, stderr: '' };
    for (const argv of [['-version'], ['--version'], ['check', '-version'], ['-addr=:1', '-version']]) {
      expect(await runInProcess(argv)).toEqual(expected);
    }
  });

  it('the help shows the command-less form, -version and repeated -service', async () => {
    const top = await runInProcess(['--help']);
    expect(top.stdout).toContain('livery-health -addr HOST:PORT [flags]     (no command: check, as grpc_health_probe)');
    const check = await runInProcess(['-h']);
    expect(check.stdout).toMatch(/^Usage: livery-health <command>/);
    const checkHelp = await runInProcess(['-addr=:1', '-h']);
    expect(checkHelp.stdout).toMatch(/^Usage: livery-health \[check\] -addr HOST:PORT \[-service NAME\]\.\.\./);
    expect(checkHelp.stdout).toMatch(/-version +print the version and exit/);
  });

  describe('repeated -service (our extension)', () => {
    const check = (...services: string[]) =>
      runInProcess([`-addr=${address}`, ...services.flatMap((service) => ['-service', service]), ...PATIENT]);

    it('exits 0 when every service is SERVING', async () => {
      expect(await check('db', 'queue', '')).toEqual({ code: 0, stdout: '', stderr: 'status: SERVING\n' });
    });

    it('fails with the exit code and message of the one that is not SERVING, naming it', async () => {
      expect(await check('db', 'cache', 'queue')).toEqual({
        code: 4,
        stdout: '',
        stderr: 'cache: service unhealthy (responded with "NOT_SERVING")\n',
      });
    });

    it('counts an RPC failure (unknown service) as worse than NOT_SERVING, in any order', async () => {
      const expected = {
        code: 3,
        stdout: '',
        stderr: 'nope: error: health rpc failed: rpc error: code = NotFound desc = unknown service "nope"\n',
      };
      expect(await check('cache', 'nope', 'db')).toEqual(expected);
      expect(await check('nope', 'cache')).toEqual(expected);
    });

    it('quotes the server\'s own name', async () => {
      registry.set('', 'NOT_SERVING');
      try {
        expect((await check('db', '')).stderr).toBe('"": service unhealthy (responded with "NOT_SERVING")\n');
      } finally {
        registry.set('', 'SERVING');
      }
    });
  });

  it('worstOutcome: the lowest non-zero exit code, the first of equals; else the first', () => {
    const ok = (service: string) => ({ service, code: ExitCode.OK, message: 'status: SERVING' });
    const bad = (service: string, code: number) => ({ service, code, message: `m${service}` });
    expect(worstOutcome([ok('a'), ok('b')]).service).toBe('a');
    expect(worstOutcome([ok('a'), bad('b', 4), bad('c', 3), bad('d', 3)]).service).toBe('c');
    expect(worstOutcome([bad('b', 4), ok('a'), bad('e', 4)]).service).toBe('b');
  });
});
