/** The dashboard page: one WebSocket (with the page's own query, so a token travels with it), re-rendered per push. */
import { createHistogramChart, createLineChart } from "./charts.js";
import type { DashboardMessage } from "./message.js";
import { $, renderSnapshot } from "./render.js";

declare global {
  interface Window {
    /** Frames rendered so far, and the last one: what the browser test (and a curious operator) reads. */
    arbFrames: number;
    arbLast?: DashboardMessage;
  }
}

const place = (id: string, width: number) => ({ host: $(`${id}-plot`), canvasId: id, width, height: 200 });
const edges = createLineChart(place("edges", 520));
const latency = createHistogramChart(place("latency", 420));
const pnl = createLineChart(place("pnl", 420));
const exposure = createLineChart(place("exposure", 420));
const dollars = (points: DashboardMessage["series"]["pnl"]) => points.map(([t, micros]) => [t, micros / 1e6] as const);

window.arbFrames = 0;

function render(m: DashboardMessage): void {
  window.arbFrames++;
  window.arbLast = m;
  renderSnapshot(m.snapshot);
  edges.update(m.series.edges);
  latency.update(m.series.latency);
  pnl.update([{ label: "P&L", points: dollars(m.series.pnl) }]);
  exposure.update([
    { label: "gross", points: dollars(m.series.gross) },
    { label: "unmatched", points: dollars(m.series.unmatched) },
  ]);
}

function connect(): void {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss://" : "ws://"}${location.host}/ws${location.search}`);
  ws.onmessage = (ev: MessageEvent<string>) => render(JSON.parse(ev.data) as DashboardMessage);
  ws.onclose = () => {
    $("world").textContent = "disconnected: retrying…";
    setTimeout(connect, 1_000);
  };
}

connect();
