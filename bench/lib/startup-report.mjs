// The start-up rows of a run (pure): each process's wall time and peak RSS, as medians, with
// same-round ratios to its floor, and the targets of issue 14.
import { ratios, summarize } from './stats.mjs';
import { formatRatio, formatValue } from './table.mjs';

/** What each row is held to: the raw node:http2 Check for the probe, the peers for the import. */
const FLOORS = { check: 'raw-http2', list: 'raw-http2', watch: 'raw-http2', 'grpc-js': 'raw-http2', 'raw-http2': 'node', main: 'peers' };

/** The targets: `[id, floor, metric, limit]`. */
const LIMITS = [
  ...['check', 'list', 'watch'].flatMap((id) => [
    [id, 'raw-http2', 'wallMs', 1.3],
    [id, 'raw-http2', 'rssBytes', 1.1],
  ]),
  ['main', 'peers', 'wallMs', 1.15],
];

const series = (startup, id, metric) => startup.values[id]?.[metric] ?? [];

/** `[{ target, measured, met }]`, in the shape of bench/targets.mjs's results. */
export function startupTargets(startup) {
  const label = (id) => startup.commands.find((command) => command.id === id)?.label ?? id;
  return LIMITS.filter(([id]) => startup.values[id]).map(([id, floor, metric, limit]) => {
    const measured = summarize(ratios(series(startup, id, metric), series(startup, floor, metric)));
    const what = metric === 'wallMs' ? 'wall time' : 'peak RSS';
    return { target: `start-up: ${label(id)} ÷ ${label(floor)}, ${what} ≤ ${limit}`, measured, met: measured.median <= limit };
  });
}

/** The table: one row per process; × is the ratio to its floor, round by round. */
export function renderStartupTable(startup) {
  const lines = [
    '| process (start-up) | wall time | peak RSS | held to |',
    '| --- | --- | --- | --- |',
  ];
  for (const { id, label } of startup.commands) {
    if (!startup.values[id]) continue;
    const floor = FLOORS[id];
    const cell = (metric, unit) => {
      const value = formatValue(summarize(series(startup, id, metric)).median, unit);
      const ratio = floor ? formatRatio(summarize(ratios(series(startup, id, metric), series(startup, floor, metric)))) : '';
      return ratio ? `${value} ${ratio}` : value;
    };
    const floorLabel = floor ? startup.commands.find((command) => command.id === floor)?.label : '';
    lines.push(`| ${label} | ${cell('wallMs', 'ms')} | ${cell('rssBytes', 'B')} | ${floorLabel ?? ''} |`);
  }
  return lines.join('\n');
}
