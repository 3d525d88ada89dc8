// Markdown tables of a run's results (pure): value, and ratio to the baseline with min–max.

/** A figure with its unit, short: 5234 B -> "5.1 KB", 12.34 ms -> "12.3 ms", 21475 /s -> "21.5k/s". */
export function formatValue(value, unit) {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'B') {
    const magnitude = Math.abs(value);
    if (magnitude >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MB`;
    if (magnitude >= 1024) return `${(value / 1024).toFixed(1)} KB`;
    return `${value.toFixed(0)} B`;
  }
  if (unit === 'ms') return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
  const magnitude = Math.abs(value);
  const short =
    magnitude >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : magnitude >= 1e4 ? `${(value / 1e3).toFixed(1)}k` : value.toFixed(0);
  return `${short}${unit.startsWith('/') ? unit : ` ${unit}`}`;
}

/** "×0.97 (0.95–0.99)", or "" when there is no ratio. */
export function formatRatio({ median, min, max, n }) {
  if (!n) return '';
  return n > 1 ? `×${median.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)})` : `×${median.toFixed(2)}`;
}

/**
 * @param rows `[{ metric: {label, unit, tolerance?}, cells: {[impl]: {value, vsBaseline}} }]`
 * @param columns `[{ id, label, baselineLabel? }]`
 */
export function renderTable(rows, columns) {
  const header = ['figure', ...columns.map((column) => column.label)];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const { metric, cells } of rows) {
    const values = columns.map(({ id, baseline }) => {
      const cell = cells[id];
      if (cell === undefined || cell.value.n === 0) return 'n/a';
      const value = formatValue(cell.value.median, metric.unit);
      const ratio = metric.tolerance === undefined && baseline !== id ? formatRatio(cell.vsBaseline) : '';
      return ratio ? `${value} ${ratio}` : value;
    });
    lines.push(`| ${metric.label} | ${values.join(' | ')} |`);
  }
  return lines.join('\n');
}
