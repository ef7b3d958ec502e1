// Small hand-written SVG charts (line and bar), enough for the benchmark report; no chart library.
const W = 760;
const H = 320;
const M = { top: 40, right: 150, bottom: 45, left: 65 };
export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round axis maximum and its ticks: 0, step, ..., max. */
function niceScale(max) {
  if (!(max > 0)) return { max: 1, ticks: [0, 0.5, 1] };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= rough);
  const top = Math.ceil(max / step) * step;
  return { max: top, ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step) };
}

const label = (value) => (Math.abs(value) >= 10_000 ? `${value / 1000}k` : String(Math.round(value * 100) / 100));

function frame(title, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>
${body}
</svg>
`;
}

function axes(yScale, yLabel, xLabel, xTicks, x, y) {
  const lines = [];
  for (const tick of yScale.ticks) {
    lines.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e5e5"/>`);
    lines.push(`<text x="${M.left - 6}" y="${y(tick) + 4}" text-anchor="end">${label(tick)}</text>`);
  }
  for (const tick of xTicks) lines.push(`<text x="${x(tick)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(tick.label ?? label(tick))}</text>`);
  lines.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`);
  lines.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>`);
  lines.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  lines.push(`<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return lines.join('\n');
}

function legend(entries) {
  return entries
    .map(({ name, color, kind }, i) => {
      const y = M.top + 8 + i * 20;
      const mark = kind === 'band'
        ? `<rect x="${W - M.right + 12}" y="${y - 8}" width="18" height="12" fill="${color}" opacity="0.25"/>`
        : `<line x1="${W - M.right + 12}" x2="${W - M.right + 30}" y1="${y - 2}" y2="${y - 2}" stroke="${color}" stroke-width="2.5"/>`;
      return `${mark}<text x="${W - M.right + 36}" y="${y + 2}">${esc(name)}</text>`;
    })
    .join('\n');
}

/**
 * @param {object} chart
 * @param {string} chart.title
 * @param {string} chart.xLabel
 * @param {string} chart.yLabel
 * @param {{name: string, points: [number, number][], color?: string}[]} chart.series
 * @param {{from: number, to: number, name: string, color?: string}[]} [chart.bands] shaded x ranges (e.g. breaker open)
 */
export function lineChart({ title, xLabel, yLabel, series, bands = [] }) {
  const xs = series.flatMap((s) => s.points.map(([px]) => px)).concat(bands.map((b) => b.to));
  const xMax = Math.max(1, ...xs);
  const yScale = niceScale(Math.max(0, ...series.flatMap((s) => s.points.map(([, py]) => py)).filter(Number.isFinite)));
  const x = (value) => M.left + (value / xMax) * (W - M.left - M.right);
  const y = (value) => H - M.bottom - (value / yScale.max) * (H - M.top - M.bottom);
  const xScale = niceScale(xMax);
  const xTicks = xScale.ticks.filter((tick) => tick <= xMax);
  const shaded = bands
    .map((band) => `<rect x="${x(band.from)}" y="${M.top}" width="${Math.max(1, x(band.to) - x(band.from))}" height="${H - M.top - M.bottom}" fill="${band.color ?? '#d62728'}" opacity="0.15"/>`)
    .join('\n');
  const lines = series
    .map((s, i) => {
      const color = s.color ?? palette[i % palette.length];
      const d = s.points.filter(([, py]) => Number.isFinite(py)).map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`;
    })
    .join('\n');
  const bandNames = [...new Map(bands.map((b) => [b.name, b.color ?? '#d62728'])).entries()].map(([name, color]) => ({ name, color, kind: 'band' }));
  const entries = series.map((s, i) => ({ name: s.name, color: s.color ?? palette[i % palette.length] })).concat(bandNames);
  return frame(title, `${shaded}\n${axes(yScale, yLabel, xLabel, xTicks, x, y)}\n${lines}\n${legend(entries)}`);
}

/**
 * Grouped bars: one group per category, one bar per series in it.
 * @param {object} chart
 * @param {string} chart.title
 * @param {string} chart.yLabel
 * @param {string[]} chart.categories
 * @param {{name: string, values: number[], color?: string}[]} chart.series
 */
export function barChart({ title, yLabel, categories, series }) {
  const yScale = niceScale(Math.max(0, ...series.flatMap((s) => s.values).filter(Number.isFinite)));
  const plotWidth = W - M.left - M.right;
  const groupWidth = plotWidth / categories.length;
  const barWidth = (groupWidth * 0.7) / series.length;
  const y = (value) => H - M.bottom - (value / yScale.max) * (H - M.top - M.bottom);
  const bars = categories
    .flatMap((_, c) =>
      series.map((s, i) => {
        const value = s.values[c];
        if (!Number.isFinite(value)) return '';
        const bx = M.left + c * groupWidth + groupWidth * 0.15 + i * barWidth;
        const color = s.color ?? palette[i % palette.length];
        return `<rect x="${bx.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(H - M.bottom - y(value)).toFixed(1)}" fill="${color}"/>`
          + `<text x="${(bx + barWidth / 2).toFixed(1)}" y="${(y(value) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${label(value)}</text>`;
      }),
    )
    .join('\n');
  const xTicks = categories.map((name, c) => ({ label: name, at: M.left + c * groupWidth + groupWidth / 2 }));
  const axisLines = axes(yScale, yLabel, '', [], () => 0, y);
  const names = xTicks.map((tick) => `<text x="${tick.at}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(tick.label)}</text>`).join('\n');
  const entries = series.map((s, i) => ({ name: s.name, color: s.color ?? palette[i % palette.length] }));
  return frame(title, `${axisLines}\n${names}\n${bars}\n${legend(entries)}`);
}
