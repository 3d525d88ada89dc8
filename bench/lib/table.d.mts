import type { Summary } from './stats.mjs';
export function formatValue(value: number, unit: string): string;
export function formatRatio(summary: Summary): string;
export function renderTable(
  rows: { metric: { label: string; unit: string; tolerance?: number }; cells: Record<string, { value: Summary; vsBaseline: Summary }> }[],
  columns: { id: string; label: string; baseline: string }[],
): string;
