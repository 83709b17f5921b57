// A horizontal bar chart as a standalone SVG string: one bar per row, rows without a value show a note instead,
// dashed vertical markers for goals. No dependency; deterministic output (same input, same bytes).

export interface Bar {
  label: string;
  /** null: no bar, the note is shown in its place. */
  value: number | null;
  note?: string;
}

export interface Marker {
  value: number;
  label: string;
}

export interface BarChartOptions {
  title: string;
  subtitle?: string;
  /** Axis caption under the ticks. */
  axisLabel: string;
  bars: Bar[];
  markers?: Marker[];
  width?: number;
}

const ROW = 34;
const BAR = 22;
const LABEL_W = 150;
const RIGHT_PAD = 130;
const TOP = 64;
const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#9d755d'];
/** A white outline under bar texts so the goal markers behind them do not cut through the letters. */
const HALO = ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';
const MARKER_COLORS = ['#c0392b', '#8e44ad', '#16a085'];

export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 820;
  const markers = o.markers ?? [];
  const plotW = width - LABEL_W - RIGHT_PAD;
  const values = [...o.bars.map((b) => b.value ?? 0), ...markers.map((m) => m.value)];
  const { max, step } = niceScale(Math.max(1, ...values));
  const x = (v: number): number => LABEL_W + (v / max) * plotW;
  const plotH = o.bars.length * ROW;
  const markerLegendH = markers.length * 18;
  const height = TOP + plotH + 44 + markerLegendH + 10;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(o.title)}</text>`,
  );
  if (o.subtitle !== undefined) out.push(`<text x="${width / 2}" y="44" text-anchor="middle" fill="#555">${esc(o.subtitle)}</text>`);
  // Grid and ticks.
  for (let v = 0; v <= max + step / 2; v += step) {
    const px = fix(x(v));
    out.push(
      `<line x1="${px}" y1="${TOP - 6}" x2="${px}" y2="${TOP + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${px}" y="${TOP + plotH + 16}" text-anchor="middle" fill="#555" font-size="11">${esc(short(v))}</text>`,
    );
  }
  out.push(`<text x="${fix(LABEL_W + plotW / 2)}" y="${TOP + plotH + 34}" text-anchor="middle" fill="#333">${esc(o.axisLabel)}</text>`);
  // Bars first, then the goal markers over them, then every text over both.
  const texts: string[] = [];
  o.bars.forEach((b, i) => {
    const y = TOP + i * ROW + (ROW - BAR) / 2;
    const mid = fix(y + BAR / 2 + 4);
    texts.push(`<text x="${LABEL_W - 10}" y="${mid}" text-anchor="end" font-weight="bold">${esc(b.label)}</text>`);
    if (b.value === null) {
      out.push(
        `<rect x="${LABEL_W}" y="${fix(y)}" width="${fix(plotW)}" height="${BAR}" fill="#f4f4f4" stroke="#d0d0d0" stroke-dasharray="4 3"/>`,
      );
      texts.push(`<text x="${LABEL_W + 8}" y="${mid}" fill="#666" font-style="italic"${HALO}>${esc(b.note ?? 'no figure')}</text>`);
      return;
    }
    const w = Math.max(1, x(b.value) - LABEL_W);
    out.push(`<rect x="${LABEL_W}" y="${fix(y)}" width="${fix(w)}" height="${BAR}" fill="${COLORS[i % COLORS.length]}"/>`);
    texts.push(`<text x="${fix(LABEL_W + w + 6)}" y="${mid}" fill="#222"${HALO}>${esc(b.note ?? short(b.value))}</text>`);
  });
  out.push(`<line x1="${LABEL_W}" y1="${TOP - 6}" x2="${LABEL_W}" y2="${TOP + plotH}" stroke="#333"/>`);
  markers.forEach((m, i) => {
    const px = fix(x(m.value));
    const color = MARKER_COLORS[i % MARKER_COLORS.length]!;
    const ly = TOP + plotH + 56 + i * 18;
    out.push(
      `<line x1="${px}" y1="${TOP - 10}" x2="${px}" y2="${TOP + plotH}" stroke="${color}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<line x1="${LABEL_W}" y1="${ly - 4}" x2="${LABEL_W + 24}" y2="${ly - 4}" stroke="${color}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    texts.push(`<text x="${LABEL_W + 32}" y="${ly}" fill="#333">${esc(m.label)}</text>`);
  });
  out.push(...texts);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** An axis maximum and tick step of the form 1, 2 or 5 × 10^k, about five ticks. */
function niceScale(maxValue: number): { max: number; step: number } {
  const raw = maxValue / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  return { max: Math.ceil((maxValue * 1.02) / step) * step, step };
}

/** 1500000 -> "1.5M", 250000 -> "250k". */
export function short(v: number): string {
  if (v >= 1e6) return `${trim(v / 1e6)}M`;
  if (v >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function fix(v: number): string {
  return v.toFixed(1).replace(/\.0$/, '');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
