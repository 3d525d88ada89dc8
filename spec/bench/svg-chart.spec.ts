import { describe, expect, it } from 'vitest';
import { escapeXml, formatNumber, renderBarChart } from '../../bench/lib/svg-chart.mjs';

describe('renderBarChart', () => {
  const chart = {
    title: 'Check <throughput> & "fan-out"',
    panels: [
      {
        title: 'Check throughput',
        unit: 'req/s',
        bars: [
          { label: 'bare grpc-js', value: 20_000, min: 19_000, max: 21_000 },
          { label: 'ours', value: 10_000, highlight: true },
          { label: 'missing', value: NaN },
        ],
      },
    ],
  };
  const svg = renderBarChart(chart);

  it('is one well-formed SVG document with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Check &#60;throughput&#62; &#38; &#34;fan-out&#34;');
    expect(svg).not.toMatch(/<throughput>/);
  });

  it('draws bars to scale, the biggest (with its whisker) within the plot, and ours highlighted', () => {
    const bars = [...svg.matchAll(/<rect x="200" y="[\d.]+" width="([\d.]+)" height="16" class="(\w+)"/g)].map(
      ([, width, kind]) => ({ width: Number(width), kind }),
    );
    expect(bars.map(({ kind }) => kind)).toEqual(['other', 'ours']);
    const [bare, ours] = bars.map(({ width }) => width) as [number, number];
    expect(bare / ours).toBeCloseTo(2, 1);
    expect(bare).toBeLessThan(430);
    expect(svg).toContain('class="range"');
    expect(svg).toContain('>20.0k req/s<');
    expect(svg).toContain('>n/a<');
  });
});

describe('formatNumber and escapeXml', () => {
  it('shortens numbers to three significant digits', () => {
    expect(formatNumber(23_456)).toBe('23.5k');
    expect(formatNumber(1_234_567)).toBe('1.23M');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(NaN)).toBe('–');
  });

  it("escapes the five XML specials", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
  });
});
