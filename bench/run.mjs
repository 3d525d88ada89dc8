// npm run bench [-- --quick] [--rounds N] [--only check,watch,slow,churn,set,startup] [--impl id,id] [--docs]
// Every implementation runs in its own process; each round runs every scenario against every
// implementation, in an order that alternates round by round, so noise on the shared machine
// falls on all of them alike. Figures are medians over rounds; ratios are taken round by round.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { implementations, inProcessImplementations } from './implementations.mjs';
import { analyzeScenario } from './lib/analyze.mjs';
import { replaceBlock } from './lib/readme-block.mjs';
import { renderReport, writeResults } from './lib/report.mjs';
import cancelChurn from './scenarios/cancel-churn.mjs';
import checkThroughput from './scenarios/check-throughput.mjs';
import inProcessSet from './scenarios/in-process-set.mjs';
import slowConsumer from './scenarios/slow-consumer.mjs';
import watchFanout from './scenarios/watch-fanout.mjs';
import { STARTUP_COMMANDS, measureStartup } from './scenarios/startup.mjs';
import { startupTargets } from './lib/startup-report.mjs';
import { checkTargets } from './targets.mjs';

const CONFIGS = {
  quick: {
    rounds: 2,
    check: { clients: 4, streams: 25, warmupSeconds: 1, seconds: 1.5, slices: 2 },
    watch: { sizes: [1_000, 2_000], sessions: 10, warmupFlips: 2, flips: 3 },
    slow: { watchers: 100, flips: 3_000, perTurn: 1_000 },
    churn: { total: 1_000, concurrency: 100, sessions: 4, slices: 2 },
    set: { subscribers: [0, 1, 100, 10_000], seconds: 0.15 },
    startup: { rounds: 20 },
  },
  full: {
    rounds: 5,
    check: { clients: 4, streams: 25, warmupSeconds: 2, seconds: 5, slices: 5 },
    watch: { sizes: [1_000, 10_000], sessions: 10, warmupFlips: 2, flips: 11 },
    slow: { watchers: 100, flips: 100_000, perTurn: 1_000 },
    churn: { total: 10_000, concurrency: 100, sessions: 4, slices: 4 },
    set: { subscribers: [0, 1, 100, 10_000], seconds: 1 },
    startup: { rounds: 30 },
  },
};
const SCENARIOS = [checkThroughput, watchFanout, slowConsumer, cancelChurn, inProcessSet];

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    only: { type: 'string' },
    impl: { type: 'string' },
    // Writes the report into docs/performance.md even from a quick or partial run (a full
    // run always does).
    docs: { type: 'boolean', default: false },
  },
});
const config = { ...CONFIGS[options.quick ? 'quick' : 'full'] };
if (options.rounds) config.rounds = Number(options.rounds);
const wanted = (list, id) => !list || list.split(',').includes(id);
const scenarios = SCENARIOS.filter((scenario) => wanted(options.only, scenario.id));
const servers = implementations().map((impl) => ({ ...impl, available: impl.available && wanted(options.impl, impl.id) }));
const inProcess = inProcessImplementations();
for (const impl of servers.filter((impl) => !impl.available)) console.error(`(skipping ${impl.id}: not built or not selected)`);

config.tmp = await mkdtemp(join(os.tmpdir(), 'livery-bench-'));
const started = performance.now();
const run = {
  meta: {
    date: new Date().toISOString(),
    node: process.versions.node,
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    platform: `${os.type()} ${os.release()}`,
    rounds: config.rounds,
    quick: options.quick,
  },
  config,
  implementations: servers,
  inProcessImplementations: inProcess,
  scenarios: {},
  errors: [],
};
for (const scenario of scenarios) {
  const metrics = typeof scenario.metrics === 'function' ? scenario.metrics(config) : scenario.metrics;
  run.scenarios[scenario.id] = { title: scenario.title, inProcess: !!scenario.inProcess, metrics, values: {} };
}

try {
  // Start-up first, with its own rounds: dozens of short processes, interleaved among themselves.
  if (wanted(options.only, 'startup')) {
    const t0 = performance.now();
    try {
      run.startup = { commands: STARTUP_COMMANDS, values: await measureStartup(config) };
    } catch (error) {
      run.errors.push({ scenario: 'startup', error: String(error?.message ?? error) });
      console.error(`startup: FAILED ${error?.message ?? error}`);
    }
    console.error(`startup: ${config.startup.rounds} rounds (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  for (let round = 0; round < config.rounds; round++) {
    for (const scenario of scenarios) {
      const record = run.scenarios[scenario.id];
      const candidates = scenario.inProcess ? inProcess : servers.filter((impl) => impl.available);
      const order = round % 2 === 0 ? candidates : [...candidates].reverse();
      const store = (impl, result) => {
        const values = (record.values[impl.id] ??= {});
        for (const metric of record.metrics) (values[metric.id] ??= [])[round] = result[metric.id] ?? NaN;
      };
      const failed = (impl, error) => {
        run.errors.push({ round, scenario: scenario.id, impl: impl?.id, error: String(error?.message ?? error) });
        console.error(`round ${round + 1} ${scenario.id} ${impl?.id ?? ''}: FAILED ${error?.message ?? error}`);
      };
      const t0 = performance.now();
      if (scenario.measureRound) {
        // The scenario visits every implementation itself, interleaving within the round.
        let results = {};
        try {
          results = await scenario.measureRound(order, config);
        } catch (error) {
          failed(undefined, error);
        }
        for (const impl of order) store(impl, results[impl.id] ?? {});
        console.error(`round ${round + 1}/${config.rounds} ${scenario.id} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        continue;
      }
      for (const impl of order) {
        const t1 = performance.now();
        let result = {};
        try {
          result = await scenario.measure(impl, config);
        } catch (error) {
          failed(impl, error);
        }
        store(impl, result);
        console.error(`round ${round + 1}/${config.rounds} ${scenario.id} ${impl.id} (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
      }
    }
  }
} finally {
  await rm(config.tmp, { recursive: true, force: true });
}

for (const [id, scenario] of Object.entries(run.scenarios)) {
  const list = scenario.inProcess ? inProcess : servers.filter((impl) => impl.available);
  scenario.analysis = analyzeScenario(scenario, list, scenario.inProcess ? 'bare' : 'bare-grpc-js');
  if (Object.keys(scenario.values).length === 0) delete run.scenarios[id];
}
run.targets = [...checkTargets(run, servers), ...(run.startup ? startupTargets(run.startup) : [])];
run.meta.seconds = Math.round((performance.now() - started) / 1000);
console.log(renderReport(run));
const files = await writeResults(run, { asLatest: !options.quick || options.docs });
// Only a full run (every scenario, every implementation) speaks for the docs by default.
const fullRun = !options.quick && !options.only && !options.impl;
console.log(`(${run.meta.seconds} s; written: ${Object.values(files).join(', ')})`);
if (fullRun || options.docs) {
  const page = new URL('../docs/performance.md', import.meta.url);
  await writeFile(page, replaceBlock(await readFile(page, 'utf8'), renderReport(run)));
  console.log('(docs/performance.md: tables updated)');
}
if (run.errors.length > 0) process.exitCode = 1;
