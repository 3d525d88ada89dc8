// Writes a run: the tables to stdout, the JSON and the chart to bench/results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderBarChart } from './svg-chart.mjs';
import { renderTable } from './table.mjs';

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
  const targets = run.targets.map(({ target, measured, met }) => {
    const figure = Number.isFinite(measured.median) ? measured.median.toPrecision(3) : 'n/a';
    const range = measured.n > 1 ? ` (${measured.min.toPrecision(3)}–${measured.max.toPrecision(3)})` : '';
    return `| ${target} | ${figure}${range} | ${met ? 'met' : '**not met**'} |`;
  });
  parts.push(['| target | measured | |', '| --- | --- | --- |', ...targets].join('\n'));
  return `${parts.join('\n\n')}\n`;
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
 * Writes results/<date>.json and, beside it, latest.{json,md,svg} (quick.{json,md,svg} for a
 * --quick run, so that a quick run never replaces the figures the README shows).
 */
export async function writeResults(run) {
  await mkdir(resultsDir, { recursive: true });
  const stamp = run.meta.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const latest = run.meta.quick ? 'quick' : 'latest';
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
