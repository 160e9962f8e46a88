/** Number formatting for the report's cells. */
import { pairedRatio, summarize } from './stats.mjs';

const FORMATS = {
  int: (v) => Math.round(v).toLocaleString('en'),
  ms: (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v >= 10 ? v.toFixed(1) : v.toFixed(2)),
  mb: (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1)),
  x: (v) => `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}×`,
};

/** One value in a format (`int`, `ms`, `mb`, `x`). */
export function formatValue(value, format = 'int') {
  return Number.isFinite(value) ? FORMATS[format](value) : '—';
}

/** `median [min–max]`, or the value alone when every round agreed. */
export function formatSummary(summary, format = 'int') {
  if (!summary.n) return '—';
  const mid = formatValue(summary.median, format);
  const lo = formatValue(summary.min, format);
  const hi = formatValue(summary.max, format);
  return lo === hi ? mid : `${mid} [${lo}–${hi}]`;
}

/** Per-round values of one variant (NaN where a round failed). */
export function roundValues(results, variantId, get) {
  return (results[variantId] ?? []).map((r) => {
    if (!r || r.error || r.notAvailable) return NaN;
    const v = get(r);
    return typeof v === 'number' ? v : NaN;
  });
}

/** Summary of one variant's metric across rounds. */
export function variantSummary(results, variantId, get) {
  return summarize(roundValues(results, variantId, get));
}

/** Round-by-round ratio a/b of one metric, summarized. */
export function ratioSummary(results, a, b, get) {
  return pairedRatio(roundValues(results, a, get), roundValues(results, b, get));
}
