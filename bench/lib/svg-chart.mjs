// A horizontal bar chart as SVG text, written by hand (no chart dependency): one panel per
// figure, one bar per implementation, with a whisker for the min–max over rounds.

const WIDTH = 780;
const LABEL = 200;
const PLOT = 430;
const BAR = 16;
const GAP = 6;
const PANEL_TITLE = 26;
const PANEL_GAP = 14;

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short number: 23456 -> "23.5k", 0.1234 -> "0.123", 12.34 -> "12.3". */
export function formatNumber(value) {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (magnitude >= 100) return value.toFixed(0);
  return value.toPrecision(3);
}

/**
 * @param chart `{ title, subtitle?, panels: [{ title, unit, bars: [{ label, value, min?, max?,
 *   highlight? }] }] }`; a bar whose value is not finite is drawn as "n/a".
 * @returns the SVG document
 */
export function renderBarChart(chart) {
  const parts = [];
  let y = chart.subtitle ? 52 : 36;
  for (const panel of chart.panels) {
    const top = Math.max(0, ...panel.bars.flatMap(({ value, max }) => [value, max].filter(Number.isFinite)));
    const scale = top > 0 ? PLOT / (top * 1.05) : 0;
    parts.push(`<text x="0" y="${y + 16}" class="panel">${escapeXml(panel.title)}</text>`);
    y += PANEL_TITLE;
    for (const bar of panel.bars) {
      const middle = y + BAR / 2;
      parts.push(`<text x="${LABEL - 8}" y="${middle + 4}" text-anchor="end">${escapeXml(bar.label)}</text>`);
      if (Number.isFinite(bar.value)) {
        const width = Math.max(1, bar.value * scale);
        parts.push(`<rect x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" class="${bar.highlight ? 'ours' : 'other'}"/>`);
        if (Number.isFinite(bar.min) && Number.isFinite(bar.max)) {
          const [x1, x2] = [LABEL + bar.min * scale, LABEL + bar.max * scale].map((x) => x.toFixed(1));
          parts.push(`<path d="M${x1} ${middle}H${x2}M${x1} ${middle - 4}V${middle + 4}M${x2} ${middle - 4}V${middle + 4}" class="range"/>`);
        }
      }
      const end = Number.isFinite(bar.max) ? Math.max(bar.value, bar.max) : bar.value;
      const x = LABEL + (Number.isFinite(end) ? end * scale : 0) + 6;
      const text = Number.isFinite(bar.value) ? `${formatNumber(bar.value)} ${panel.unit}` : 'n/a';
      parts.push(`<text x="${x.toFixed(1)}" y="${middle + 4}">${escapeXml(text)}</text>`);
      y += BAR + GAP;
    }
    y += PANEL_GAP;
  }
  const height = y + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.panel{font-weight:bold;font-size:13px}.ours{fill:#1f5fa8}.other{fill:#9aa5b1}.range{stroke:#222;stroke-width:1.2;fill:none}text{fill:#222}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="0" y="20" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
    chart.subtitle ? `<text x="0" y="38">${escapeXml(chart.subtitle)}</text>` : '',
    ...parts,
    '</svg>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
