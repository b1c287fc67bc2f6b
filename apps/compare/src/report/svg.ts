/** Pure SVG plots for the HTML report: no script, no external asset, readable as a file. */

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];
/** Each contender keeps one colour in every plot, whichever of them a plot shows. */
const NAMED = ["ours", "ours-ts", "python", "terauss-model", "terauss-model-fixed", "fixture-peer"];
const colorOf = (name: string, i: number): string => PALETTE[(NAMED.includes(name) ? NAMED.indexOf(name) : NAMED.length + i) % PALETTE.length] as string;
const W = 640;
const H = 280;
const PAD = { l: 56, r: 150, t: 24, b: 40 };
const esc = (s: string): string => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  readonly label: string;
}

function scale(a: Axis, lo: number, hi: number): (v: number) => number {
  const f = (v: number) => (a.log ? Math.log10(Math.max(v, a.min)) : v);
  const [a0, a1] = [f(a.min), f(a.max)];
  return (v) => lo + ((f(v) - a0) / (a1 - a0 || 1)) * (hi - lo);
}

function ticks(a: Axis): number[] {
  if (a.log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(a.min)); e <= Math.ceil(Math.log10(a.max)); e++) out.push(10 ** e);
    return out.filter((t) => t >= a.min && t <= a.max);
  }
  const step = (a.max - a.min) / 5 || 1;
  return Array.from({ length: 6 }, (_, i) => a.min + i * step);
}

function frame(title: string, x: Axis | undefined, y: Axis, body: string, legend: readonly string[]): string {
  const sy = scale(y, H - PAD.b, PAD.t);
  const label = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(2));
  const sx = x === undefined ? undefined : scale(x, PAD.l, W - PAD.r);
  const xt = (x === undefined || sx === undefined ? [] : ticks(x)).map(
    (t) =>
      `<line x1="${sx?.(t)}" y1="${H - PAD.b}" x2="${sx?.(t)}" y2="${H - PAD.b + 4}" stroke="#444"/><text x="${sx?.(t)}" y="${H - PAD.b + 16}" font-size="10" text-anchor="middle">${label(t)}</text>`,
  );
  const yt = ticks(y).map(
    (t) =>
      `<line x1="${PAD.l - 4}" y1="${sy(t)}" x2="${W - PAD.r}" y2="${sy(t)}" stroke="#ddd"/><text x="${PAD.l - 6}" y="${sy(t) + 3}" font-size="10" text-anchor="end">${label(t)}</text>`,
  );
  const leg = legend.map(
    (n, i) =>
      `<rect x="${W - PAD.r + 12}" y="${PAD.t + i * 16}" width="10" height="10" fill="${colorOf(n, i)}"/><text x="${W - PAD.r + 26}" y="${PAD.t + i * 16 + 9}" font-size="11">${esc(n)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><text x="${PAD.l}" y="14" font-size="12" font-weight="bold">${esc(title)}</text>${yt.join("")}<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#444"/>${xt.join("")}<text x="${(PAD.l + W - PAD.r) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${esc(x?.label ?? "")}</text><text x="12" y="${(H - PAD.b + PAD.t) / 2}" font-size="11" transform="rotate(-90 12 ${(H - PAD.b + PAD.t) / 2})" text-anchor="middle">${esc(y.label)}</text>${body}${leg.join("")}</svg>`;
}

/** Step lines (a CDF) or polylines (a time series), one per series. */
export function linePlot(
  title: string,
  series: readonly Series[],
  x: Omit<Axis, "min" | "max"> & Partial<Axis>,
  y: Omit<Axis, "min" | "max"> & Partial<Axis>,
  step = false,
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xa: Axis = { ...x, min: x.min ?? (x.log ? Math.max(0.01, Math.min(...xs, 1)) : Math.min(0, ...xs)), max: x.max ?? Math.max(...xs, 1) };
  const ya: Axis = { ...y, min: y.min ?? Math.min(0, ...ys), max: y.max ?? Math.max(...ys, 1) };
  const sx = scale(xa, PAD.l, W - PAD.r);
  const sy = scale(ya, H - PAD.b, PAD.t);
  const body = series.map((s, i) => {
    const pts: string[] = [];
    let prevY = ya.min;
    for (const [px, py] of s.points) {
      if (step) pts.push(`${sx(px).toFixed(1)},${sy(prevY).toFixed(1)}`);
      pts.push(`${sx(px).toFixed(1)},${sy(py).toFixed(1)}`);
      prevY = py;
    }
    return `<polyline fill="none" stroke="${colorOf(s.name, i)}" stroke-width="1.6" points="${pts.join(" ")}"/>`;
  });
  return frame(
    title,
    xa,
    ya,
    body.join(""),
    series.map((s) => s.name),
  );
}

/** Dots per series (a per-window timeline); y = undefined draws a hollow marker on the top edge ("missed"). */
export function dotPlot(
  title: string,
  series: readonly { readonly name: string; readonly points: readonly (readonly [number, number | undefined])[] }[],
  x: Omit<Axis, "min" | "max">,
  y: Omit<Axis, "min" | "max">,
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.flatMap((p) => (p[1] === undefined ? [] : [p[1]])));
  const xa: Axis = { ...x, min: Math.min(...xs, 0), max: Math.max(...xs, 1) };
  const ya: Axis = { ...y, min: y.log ? Math.max(0.01, Math.min(...ys, 1)) : 0, max: Math.max(...ys, 1) * 1.2 };
  const sx = scale(xa, PAD.l, W - PAD.r);
  const sy = scale(ya, H - PAD.b, PAD.t);
  const body = series.map((s, i) =>
    s.points
      .map(([px, py]) =>
        py === undefined
          ? `<circle cx="${sx(px) + i * 2}" cy="${PAD.t + 4}" r="3" fill="none" stroke="${colorOf(s.name, i)}"/>`
          : `<circle cx="${sx(px) + i * 2}" cy="${sy(py)}" r="3" fill="${colorOf(s.name, i)}"/>`,
      )
      .join(""),
  );
  return frame(
    title,
    xa,
    ya,
    body.join(""),
    series.map((s) => s.name),
  );
}

/** Grouped bars: one group per category, one bar per series. */
export function barPlot(
  title: string,
  categories: readonly string[],
  series: readonly { readonly name: string; readonly values: readonly (number | undefined)[] }[],
  yLabel: string,
  yMax = 100,
): string {
  const ya: Axis = { min: 0, max: yMax, log: false, label: yLabel };
  const sy = scale(ya, H - PAD.b, PAD.t);
  const gw = (W - PAD.l - PAD.r) / Math.max(1, categories.length);
  const bw = (gw * 0.8) / Math.max(1, series.length);
  const body = series.map((s, i) =>
    s.values
      .map((v, c) =>
        v === undefined
          ? ""
          : `<rect x="${PAD.l + c * gw + gw * 0.1 + i * bw}" y="${sy(v)}" width="${bw - 1}" height="${H - PAD.b - sy(v)}" fill="${colorOf(s.name, i)}"><title>${esc(s.name)} ${esc(categories[c] ?? "")}: ${v.toFixed(0)}</title></rect>`,
      )
      .join(""),
  );
  const labels = categories.map((c, k) => `<text x="${PAD.l + k * gw + gw / 2}" y="${H - PAD.b + 16}" font-size="10" text-anchor="middle">${esc(c)}</text>`);
  return frame(
    title,
    undefined,
    ya,
    body.join("") + labels.join(""),
    series.map((s) => s.name),
  );
}
