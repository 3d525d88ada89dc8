// Turns per-round measurements into medians and same-round ratios (pure).
import { ratios, summarize } from './stats.mjs';

/**
 * @param scenario `{ metrics: [{id, better, tolerance?}], values: {[impl]: {[metric]: number[]}} }`
 *   where each array is indexed by round
 * @param implementations `[{ id, baseline }]`
 * @param limit the id of the implementation every figure is also compared with
 * @returns `{[metric]: {[impl]: { value, vsBaseline, vsLimit }}}`, each a summarize() result
 */
export function analyzeScenario(scenario, implementations, limit) {
  const analysis = {};
  for (const metric of scenario.metrics) {
    const rows = (analysis[metric.id] = {});
    const series = (id) => scenario.values[id]?.[metric.id] ?? [];
    for (const { id, baseline } of implementations) {
      rows[id] = {
        value: summarize(series(id)),
        vsBaseline: summarize(ratios(series(id), series(baseline))),
        vsLimit: summarize(ratios(series(id), series(limit))),
      };
    }
  }
  return analysis;
}

/**
 * Same-round ratios of `a` to `b`, oriented so that above 1 means `a` is better: for a
 * lower-is-better figure that is b ÷ a.
 */
export function advantage(valuesA, valuesB, better) {
  return summarize(better === 'higher' ? ratios(valuesA, valuesB) : ratios(valuesB, valuesA));
}
