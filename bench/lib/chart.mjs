/**
 * docs/benchmarks.svg: forcelink's advantage over jsforce and over axios for every ratio in the
 * report, as horizontal bars on a log scale around 1× (right of the line = forcelink better).
 * Plain SVG text, no chart library.
 */
import { ratioSummary } from './format.mjs';

const COLORS = { jsforce: '#d9822b', axios: '#4c78a8' };
const LABEL_W = 250;
const PLOT_W = 470;
const ROW_H = 16;
const GROUP_GAP = 10;
const TOP = 48;
const LIMIT = 32; // the axis spans 1/32× … 32×

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** x position of an advantage factor on the log axis. */
function xOf(factor) {
  const clamped = Math.min(LIMIT, Math.max(1 / LIMIT, factor));
  return LABEL_W + PLOT_W / 2 + (Math.log2(clamped) / Math.log2(LIMIT)) * (PLOT_W / 2);
}

function rowsOf(runs) {
  return runs.flatMap(({ scenario, results }) =>
    (scenario.ratios ?? []).map((r) => ({
      label: r.label,
      bars: ['jsforce', 'axios']
        .filter((other) => r[other])
        .map((other) => {
          const median = ratioSummary(results, r.a, r[other], r.get).median;
          return { other, factor: r.better === 'higher' ? median : 1 / median };
        })
        .filter((b) => Number.isFinite(b.factor) && b.factor > 0),
    })),
  ).filter((row) => row.bars.length);
}

export function renderChart(runs) {
  const rows = rowsOf(runs);
  const parts = [];
  let y = TOP;
  for (const row of rows) {
    const height = row.bars.length * ROW_H;
    parts.push(`<text x="${LABEL_W - 8}" y="${y + height / 2 + 4}" text-anchor="end">${escape(row.label)}</text>`);
    for (const bar of row.bars) {
      const x0 = xOf(1);
      const x1 = xOf(bar.factor);
      const text = `${bar.factor >= 10 ? bar.factor.toFixed(0) : bar.factor.toFixed(2)}×`;
      parts.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 2}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${ROW_H - 4}" fill="${COLORS[bar.other]}"><title>vs ${bar.other}: ${text}</title></rect>`);
      // The value sits right of the bar's end, or right of the 1× line when the bar points left.
      parts.push(`<text x="${(Math.max(x0, x1) + 4).toFixed(1)}" y="${y + ROW_H - 4}" class="v">${text}</text>`);
      y += ROW_H;
    }
    y += GROUP_GAP;
  }
  const height = y + 30;
  const width = LABEL_W + PLOT_W + 60;
  const ticks = [1 / 16, 1 / 4, 1, 4, 16].map((f) => {
    const x = xOf(f).toFixed(1);
    const label = f >= 1 ? `${f}×` : `1/${1 / f}×`;
    return `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${y}" class="${f === 1 ? 'one' : 'grid'}"/><text x="${x}" y="${y + 14}" text-anchor="middle" class="v">${label}</text>`;
  });
  const legend = Object.entries(COLORS).map(
    ([name, color], i) => `<rect x="${LABEL_W + i * 130}" y="22" width="12" height="12" fill="${color}"/><text x="${LABEL_W + 18 + i * 130}" y="32">vs ${name}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.grid{stroke:#ddd}.one{stroke:#333}.v{font-size:11px;fill:#333}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="16" font-weight="bold">forcelink's advantage, log scale (median of round-by-round ratios; right of 1× = forcelink better)</text>`,
    ...legend,
    ...ticks,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
