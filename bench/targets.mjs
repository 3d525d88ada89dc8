// The targets of issue 5 / DESIGN.md, checked against a run (ratios from the same run).
import { advantage } from './lib/analyze.mjs';
import { ratios, summarize } from './lib/stats.mjs';

const FLAT_BYTES = 1024 * 1024;

/**
 * @param run `{ config, scenarios: {[id]: {metrics, values}} }`
 * @param implementations the server implementations measured (with `available`)
 * @returns `[{ target, measured: summarize() result, met, note? }]`
 */
export function checkTargets(run, implementations) {
  const results = [];
  const values = (scenario, impl, metric) => run.scenarios[scenario]?.values[impl]?.[metric] ?? [];
  const has = (id) => implementations.some((impl) => impl.id === id && impl.available);
  const fanout = `fanout${run.config.watch.sizes.at(-1)}`;

  const ratioTarget = (target, scenario, metric, impl, baseline, op, limit) => {
    if (!has(impl)) return;
    const measured = summarize(ratios(values(scenario, impl, metric), values(scenario, baseline, metric)));
    results.push({ target: `${target} ${op} ${limit}`, measured, met: op === '>=' ? measured.median >= limit : measured.median <= limit });
  };
  for (const [impl, baseline, limits] of [
    ['ours-nice-grpc', 'bare-nice-grpc', { check: 0.97, heap: 1.05, fanout: 1.1 }],
    ['ours-grpc-js', 'bare-grpc-js', { check: 0.95, heap: 1.1, fanout: 1.1 }],
  ]) {
    const versus = `${impl} ÷ ${baseline}:`;
    ratioTarget(`${versus} Check req/s`, 'check', 'reqPerSec', impl, baseline, '>=', limits.check);
    ratioTarget(`${versus} heap per idle Watch`, 'watch', 'heapPerStream', impl, baseline, '<=', limits.heap);
    ratioTarget(`${versus} fan-out time (${fanout.slice(6)})`, 'watch', fanout, impl, baseline, '<=', limits.fanout);
  }

  for (const impl of ['ours-nice-grpc', 'ours-grpc-js'].filter(has)) {
    const measured = summarize(values('slow', impl, 'growth'));
    results.push({ target: `${impl}: slow consumer heap growth flat (≤ 1 MiB)`, measured, met: measured.max <= FLAT_BYTES });
  }

  const subscribers = run.config.set.subscribers;
  if (run.scenarios.set) {
    const [small, large] = [subscribers.at(-2), subscribers.at(-1)];
    const perNotification = (count) =>
      values('set', 'ours', `setsPerSec${count}`).map((rate) => 1e9 / rate / count);
    const linear = summarize(ratios(perNotification(large), perNotification(small)));
    // O(N) with room for the CPU cache: 10,000 subscribers' objects no longer fit in it, while an
    // O(N²) walk would cost ~100 times more per subscriber.
    results.push({ target: `in-process set: cost per subscriber at ${large} ÷ at ${small} ≤ 5 (O(N); O(N²) ≈ 100)`, measured: linear, met: linear.median <= 5 });
    const perSubscriber = summarize(values('set', 'ours', `bytesPerSet${large}`).map((bytes) => bytes / large));
    results.push({ target: `in-process set: bytes allocated per subscriber per set < 1`, measured: perSubscriber, met: perSubscriber.max < 1 });
  }

  // Ours ahead of both peers on every row: each of ours against each peer, figure by figure.
  for (const [scenarioId, scenario] of Object.entries(run.scenarios)) {
    const ours = scenario.inProcess ? ['ours'] : ['ours-nice-grpc', 'ours-grpc-js'].filter(has);
    for (const metric of scenario.metrics) {
      for (const impl of ours) {
        for (const peer of ['nice-grpc-server-health', 'grpc-health-check']) {
          const [mine, theirs] = [values(scenarioId, impl, metric.id), values(scenarioId, peer, metric.id)];
          if (metric.tolerance !== undefined) {
            // A figure that is ~0 when all is well (heap growth): not worse than the peer.
            const measured = summarize(mine.map((value, round) => value - theirs[round]));
            if (measured.n === 0) continue;
            const target = `ahead: ${impl} − ${peer}, ${metric.label} ≤ ${metric.tolerance} ${metric.unit}`;
            results.push({ target, measured, met: measured.median <= metric.tolerance, ahead: { impl, peer, metric, difference: true } });
            continue;
          }
          const measured = advantage(mine, theirs, metric.better);
          if (measured.n === 0) continue;
          results.push({ target: `ahead: ${impl} vs ${peer}, ${metric.label} > 1`, measured, met: measured.median > 1, ahead: { impl, peer, metric } });
        }
      }
    }
  }
  // The summary: each peer against ours on the same stack, and in-process.
  for (const [impl, peer] of [
    ['ours-nice-grpc', 'nice-grpc-server-health'],
    ['ours-grpc-js', 'grpc-health-check'],
    ['ours', 'nice-grpc-server-health'],
    ['ours', 'grpc-health-check'],
  ]) {
    const rows = results.filter(({ ahead }) => ahead?.impl === impl && ahead.peer === peer);
    if (rows.length === 0) continue;
    // Behind in every round, or only by the median while rounds disagree (within the noise).
    const behind = rows.filter(({ met }) => !met);
    const label = ({ ahead }) => ahead.metric.label;
    const always = behind.filter(({ measured, ahead }) => (ahead.difference ? measured.min > ahead.metric.tolerance : measured.max < 1));
    const mixed = behind.filter((row) => !always.includes(row));
    const kind = impl === 'ours' ? 'in-process row' : 'row (same stack)';
    const notes = [`ahead on ${rows.length - behind.length} of ${rows.length}`];
    if (always.length) notes.push(`behind in every round: ${always.map(label).join(', ')}`);
    if (mixed.length) notes.push(`behind by the median, ahead in some rounds: ${mixed.map(label).join(', ')}`);
    results.push({
      target: `${impl} ahead of ${peer} on every ${kind}`,
      measured: { median: rows.length - behind.length, min: NaN, max: NaN, n: 1 },
      met: behind.length === 0,
      note: notes.join('; '),
    });
  }
  return results;
}
