export interface H2loadSummary {
  reqPerSec: number;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  errored: number;
  timeout: number;
}
export function parseH2loadSummary(text: string): H2loadSummary;
export function parseH2loadLog(text: string): { count: number; p50: number; p99: number; durations: number[] };
