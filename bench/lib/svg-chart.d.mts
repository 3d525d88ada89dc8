export interface Bar {
  label: string;
  value: number;
  min?: number;
  max?: number;
  highlight?: boolean;
}
export interface Chart {
  title: string;
  subtitle?: string;
  panels: { title: string; unit: string; bars: Bar[] }[];
}
export function escapeXml(text: unknown): string;
export function formatNumber(value: number): string;
export function renderBarChart(chart: Chart): string;
