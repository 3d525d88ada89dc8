export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}
export function median(values: readonly number[]): number;
export function percentile(sorted: readonly number[], p: number): number;
export function summarize(values: readonly number[]): Summary;
export function ratios(values: readonly number[], baseline: readonly number[]): number[];
