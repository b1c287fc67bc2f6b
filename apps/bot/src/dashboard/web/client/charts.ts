import uPlot from "uplot";
import type { Points } from "./message.js";

/** Series colours in order; the first (#61afef) is the one the browser test looks for on the P&L plot. */
const COLORS = ["#61afef", "#e5c07b", "#98c379", "#c678dd", "#e06c75", "#56b6c2", "#d19a66", "#abb2bf"] as const;

/** uPlot ships the bar builder (the type marks it optional only because custom builds may leave it out). */
const bars = uPlot.paths.bars!({ size: [0.8, 40] });

const AXIS: uPlot.Axis = { stroke: "#8fa1b3", grid: { stroke: "#262b36", width: 1 }, ticks: { stroke: "#262b36", width: 1 } };
/** Wide enough for "-10,000" (uPlot's default width cuts the sign off). */
const Y_AXIS: uPlot.Axis = { ...AXIS, size: 64 };

/** Series on one time axis as uPlot wants them: the sorted union of their times, null where a series has no sample. */
function alignSeries(series: readonly Points[]): uPlot.AlignedData {
  const times = [...new Set(series.flatMap((s) => s.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = times.map(() => null);
    for (const [t, v] of s) y[index.get(t) ?? 0] = v;
    return y;
  });
  return [times, ...ys];
}

/** Zero always in view, and a flat line (a P&L still at 0) drawn inside the plot, not on its edge. */
const withZero: uPlot.Range.Function = (_u, min, max) => {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 0);
  const pad = (hi - lo || 1) * 0.05;
  return [lo - pad, hi + pad];
};

export interface Chart<T> {
  update(data: T): void;
}

export interface ChartPlace {
  readonly host: HTMLElement;
  /** Given to the chart's canvas, so the page (and its browser test) can find the drawing. */
  readonly canvasId: string;
  readonly width: number;
  readonly height: number;
}

/** Time series as lines. The chart is rebuilt only when the set of series (their labels) changes. */
export function createLineChart(place: ChartPlace): Chart<readonly { readonly label: string; readonly points: Points }[]> {
  let chart: uPlot | undefined;
  let labelsKey = "";
  return {
    update(series) {
      const data = alignSeries(series.map((s) => s.points));
      const key = JSON.stringify(series.map((s) => s.label));
      if (chart !== undefined && key === labelsKey) return chart.setData(data);
      chart?.destroy();
      labelsKey = key;
      chart = new uPlot(
        {
          width: place.width,
          height: place.height,
          ms: 1,
          legend: { show: series.length > 1, live: false },
          cursor: { show: false },
          scales: { x: { time: true }, y: { range: withZero } },
          axes: [AXIS, Y_AXIS],
          series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length] ?? COLORS[0], width: 1.5 }))],
        },
        data,
        place.host,
      );
      chart.ctx.canvas.id = place.canvasId;
    },
  };
}

/** A histogram as bars: [bucket upper bound µs, count], one bar per non-empty bucket, labelled by its bound. */
export function createHistogramChart(place: ChartPlace): Chart<Points> {
  let buckets: Points = [];
  const empty = place.host.appendChild(document.createElement("div"));
  empty.className = "empty";
  empty.textContent = "no orders yet";
  const chart = new uPlot(
    {
      width: place.width,
      height: place.height,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [(min ?? 0) - 0.5, (max ?? 0) + 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 0)] },
      },
      axes: [{ ...AXIS, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && buckets[i] !== undefined ? `${buckets[i][0]}µs` : "")) }, Y_AXIS],
      series: [{}, { stroke: COLORS[0], fill: COLORS[0], width: 0, paths: bars, points: { show: false } }],
    },
    [[], []],
    place.host,
  );
  chart.ctx.canvas.id = place.canvasId;
  return {
    update(next) {
      buckets = next;
      empty.hidden = next.length > 0;
      chart.setData([next.map((_, i) => i), next.map((b) => b[1])]);
    },
  };
}
