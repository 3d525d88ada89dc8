import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/capture-io.js';
import { PATIENT, killAllCli, runCli } from '../support/cli-process.js';
import { startHealthServer, type HealthServerFixture } from '../support/health-server.js';

describe('livery-health list', () => {
  let health: HealthServerFixture;

  beforeAll(async () => {
    health = await startHealthServer({ service: { maxListServices: 4 } });
    health.registry.set('payments.v1.Payments', 'NOT_SERVING');
    health.registry.set('db', 'SERVING');
  });
  afterEach(() => killAllCli());
  afterAll(() => health.close());

  it('prints a table sorted by service name, and JSON with --json', async () => {
    const [table, json] = await Promise.all([
      runCli(['list', '-addr', health.address, ...PATIENT]),
      runCli(['list', '--addr', health.address, '--json', ...PATIENT]),
    ]);
    expect(table).toMatchObject({
      code: 0,
      stderr: '',
      stdout: [
        'SERVICE               STATUS',
        '""                    SERVING',
        'db                    SERVING',
        'payments.v1.Payments  NOT_SERVING',
        '',
      ].join('\n'),
    });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({ '': 'SERVING', db: 'SERVING', 'payments.v1.Payments': 'NOT_SERVING' });
  });

  it('exits 3 when the server refuses (RESOURCE_EXHAUSTED past its limit)', async () => {
    for (const name of ['x', 'y']) health.registry.set(name, 'SERVING');
    const result = await runInProcess(['list', '-addr', health.address, ...PATIENT]);
    for (const name of ['x', 'y']) health.registry.clear(name);
    expect(result).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'error: health rpc failed: rpc error: code = ResourceExhausted desc = 5 services are registered; List returns at most 4\n',
    });
  });
});
