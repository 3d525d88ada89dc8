// Writes a run: the tables to stdout, the JSON and the chart to bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderStartupTable } from './startup-report.mjs';
import { renderBarChart } from './svg-chart.mjs';
import { formatValue, renderTable } from './table.mjs';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

function columnsFor(implementations) {
  const byId = new Map(implementations.map((impl) => [impl.id, impl]));
  return implementations
    .filter((impl) => impl.available !== false)
    .map((impl) => ({
      id: impl.id,
      baseline: impl.baseline,
      label: impl.baseline === impl.id ? impl.label : `${impl.label} (× ${byId.get(impl.baseline).label})`,
    }));
}

/** The Markdown report: the setting, a table per kind of scenario, and the targets. */
export function renderReport(run) {
  const { meta } = run;
  const parts = [
    `${meta.date} · ${meta.cpu} × ${meta.cores} · Node ${meta.node} · ${meta.rounds} rounds${meta.quick ? ' (--quick)' : ''}, medians; ×: ratio to the baseline in the same round, median (min–max)`,
  ];
  for (const inProcess of [false, true]) {
    const scenarios = Object.values(run.scenarios).filter((scenario) => !!scenario.inProcess === inProcess);
    if (scenarios.length === 0) continue;
    const rows = scenarios.flatMap((scenario) =>
      scenario.metrics.map((metric) => ({ metric, cells: scenario.analysis[metric.id] })),
    );
    parts.push(renderTable(rows, columnsFor(inProcess ? run.inProcessImplementations : run.implementations)));
  }
  if (run.startup) parts.push(renderStartupTable(run.startup));
  parts.push(renderTargets(run.targets));
  parts.push(renderAhead(run.targets));
  return `${parts.join('\n\n')}\n`;
}

const figure = ({ median, min, max, n }) => {
  if (!n) return 'n/a';
  const range = n > 1 ? ` (${min.toPrecision(3)}–${max.toPrecision(3)})` : '';
  return `${median.toPrecision(3)}${range}`;
};

function renderTargets(targets) {
  const rows = targets
    .filter((target) => !target.ahead)
    .map(({ target, measured, met, note }) => `| ${target} | ${note ?? figure(measured)} | ${met ? 'met' : '**not met**'} |`);
  return ['| target | measured: median (min–max) | |', '| --- | --- | --- |', ...rows].join('\n');
}

// Ours against each peer, figure by figure: how many times better (or, for figures that are
// ~0 when all is well, how much more), ✓ where ours is ahead.
function renderAhead(targets) {
  const ahead = targets.filter((target) => target.ahead);
  const pairs = [...new Set(ahead.map(({ ahead: { impl, peer } }) => `${impl} vs ${peer}`))];
  const metrics = [...new Map(ahead.map(({ ahead: { metric } }) => [metric.label, metric])).values()];
  const rows = metrics.map((metric) => {
    const cells = pairs.map((pair) => {
      const found = ahead.find(({ ahead: a }) => a.metric.label === metric.label && `${a.impl} vs ${a.peer}` === pair);
      if (!found) return '';
      const { median } = found.measured;
      const text = found.ahead.difference
        ? `${median < 0 ? '−' : '+'}${formatValue(Math.abs(median), metric.unit)}`
        : `×${median.toFixed(2)}`;
      // ≈: behind by the median, but ahead in some rounds.
      const { min, max } = found.measured;
      const mixed = !found.met && (found.ahead.difference ? min <= metric.tolerance : max > 1);
      return `${text} ${found.met ? '✓' : mixed ? '≈' : '✗'}`;
    });
    return `| ${metric.label} | ${cells.join(' | ')} |`;
  });
  const header = ['ours ahead of the peers? (×: times better, ±: ours minus theirs; ✓ ahead, ≈ behind by the median but ahead in some rounds, ✗ behind in every round)', ...pairs];
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

/** The chart: Check throughput and the fan-out rows, one bar per server implementation. */
export function renderChart(run) {
  const panels = [];
  const add = (scenarioId, metric) => {
    const scenario = run.scenarios[scenarioId];
    if (!scenario) return;
    const bars = run.implementations
      .filter((impl) => impl.available !== false)
      .map((impl) => {
        const { median, min, max } = scenario.analysis[metric.id][impl.id].value;
        return { label: impl.label, value: median, min, max, highlight: !!impl.ours };
      });
    panels.push({ title: `${metric.label} (${metric.better} is better)`, unit: metric.unit, bars });
  };
  for (const scenarioId of ['check', 'watch']) {
    for (const metric of run.scenarios[scenarioId]?.metrics ?? []) {
      if (metric.id === 'reqPerSec' || metric.id.startsWith('fanout')) add(scenarioId, metric);
    }
  }
  const { meta } = run;
  return renderBarChart({
    title: 'livery-grpc-health: Check throughput and Watch fan-out',
    subtitle: `${meta.date} · Node ${meta.node} · ${meta.cores} cores · median of ${meta.rounds} rounds, whiskers min–max`,
    panels,
  });
}

/**
 * Writes results/<date>.json and, beside it, latest.{json,md,svg}: the figures the README shows.
 * A --quick run writes quick.{json,md,svg} instead, unless `asLatest`.
 */
export async function writeResults(run, { asLatest = !run.meta.quick } = {}) {
  await mkdir(resultsDir, { recursive: true });
  const stamp = run.meta.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const latest = asLatest ? 'latest' : 'quick';
  const files = {
    json: `${resultsDir}${stamp}${run.meta.quick ? '-quick' : ''}.json`,
    latestJson: `${resultsDir}${latest}.json`,
    svg: `${resultsDir}${latest}.svg`,
    markdown: `${resultsDir}${latest}.md`,
  };
  const json = `${JSON.stringify(run, (key, value) => (Number.isNaN(value) ? null : value), 2)}\n`;
  await writeFile(files.json, json);
  await writeFile(files.latestJson, json);
  await writeFile(files.svg, renderChart(run));
  await writeFile(files.markdown, renderReport(run));
  return files;
}
