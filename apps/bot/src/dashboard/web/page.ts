/** The dashboard page and its script, served from memory: no CDN, no build step, no dependency. The script is inline:
 *  with a token, the page's own URL carries it, and a separate script request would not. */
const PAGE_HEAD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>arb bot</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;margin:0;background:#0f1115;color:#d8dee9}
header{padding:8px 12px;font-weight:bold}
header.SIMULATOR{background:#1d6f7a}header.PAPER{background:#a07a12;color:#111}header.LIVE{background:#b3261e}
main{padding:8px 12px}.row{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#171a21;border:1px solid #262b36;border-radius:6px;padding:8px;margin:6px 0}
canvas{background:#0b0d11;border:1px solid #262b36}
table{border-collapse:collapse}td,th{padding:1px 8px;text-align:right;white-space:nowrap}th{color:#8fa1b3}td:first-child,th:first-child{text-align:left}
.pos{color:#5fd068}.neg{color:#8a93a3}.stale{opacity:.45}.warn{color:#e5c07b}.critical{color:#ff6b6b}
</style></head><body>
<header id="world">connecting…</header>
<main>
<div class="card" id="status"></div>
<div class="row">
<div class="card"><div>edge over time (best per pair, 1/10 000 $)</div><canvas id="edges" width="520" height="200"></canvas></div>
<div class="card"><div>tick → order latency (µs)</div><canvas id="latency" width="420" height="200"></canvas></div>
<div class="card"><div>guaranteed P&amp;L ($)</div><canvas id="pnl" width="420" height="200"></canvas></div>
<div class="card"><div>exposure ($): gross, unmatched</div><canvas id="exposure" width="420" height="200"></canvas></div>
</div>
<div class="card"><table id="pairs"></table></div>
<div class="row"><div class="card"><div>in-flight orders</div><table id="orders"></table></div>
<div class="card"><div>positions</div><table id="positions"></table></div>
<div class="card"><div>alerts</div><div id="alerts"></div></div></div>
</main>`;

const APP_JS = `"use strict";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const money = (m) => (m < 0 ? "-" : "") + "$" + Math.floor(Math.abs(m) / 1e6) + "." + String(Math.abs(m) % 1e6).padStart(6, "0");
const price = (u) => (u === null ? "—" : (u / 10000).toFixed(4));
const COLORS = ["#61afef", "#e5c07b", "#98c379", "#c678dd", "#e06c75", "#56b6c2", "#d19a66", "#abb2bf"];
window.arbFrames = 0;
function axes(ctx, w, h) { ctx.clearRect(0, 0, w, h); ctx.strokeStyle = "#262b36"; ctx.beginPath(); ctx.moveTo(30, 5); ctx.lineTo(30, h - 15); ctx.lineTo(w - 5, h - 15); ctx.stroke(); }
function lines(canvas, series) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height; axes(ctx, w, h);
  const pts = series.flatMap((s) => s.points); if (pts.length === 0) return;
  const t0 = Math.min(...pts.map((p) => p[0])), t1 = Math.max(...pts.map((p) => p[0]), t0 + 1);
  let v0 = Math.min(0, ...pts.map((p) => p[1])), v1 = Math.max(...pts.map((p) => p[1]), v0 + 1);
  const x = (t) => 30 + ((t - t0) / (t1 - t0)) * (w - 40), y = (v) => h - 15 - ((v - v0) / (v1 - v0)) * (h - 25);
  ctx.fillStyle = "#8fa1b3"; ctx.fillText(String(Math.round(v1)), 2, 12); ctx.fillText(String(Math.round(v0)), 2, h - 18);
  ctx.strokeStyle = "#3b4252"; ctx.beginPath(); ctx.moveTo(30, y(0)); ctx.lineTo(w - 5, y(0)); ctx.stroke();
  series.forEach((s, i) => { ctx.strokeStyle = COLORS[i % COLORS.length]; ctx.lineWidth = 1.5; ctx.beginPath();
    s.points.forEach((p, j) => (j === 0 ? ctx.moveTo(x(p[0]), y(p[1])) : ctx.lineTo(x(p[0]), y(p[1])))); if (s.points.length === 1) ctx.arc(x(s.points[0][0]), y(s.points[0][1]), 2, 0, 7); ctx.stroke(); });
}
function bars(canvas, buckets) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height; axes(ctx, w, h);
  if (buckets.length === 0) { ctx.fillStyle = "#8fa1b3"; ctx.fillText("no orders yet", 40, 20); return; }
  const max = Math.max(...buckets.map((b) => b[1])), bw = Math.max(2, (w - 40) / buckets.length - 2);
  buckets.forEach((b, i) => { const bh = (b[1] / max) * (h - 30); ctx.fillStyle = "#61afef"; ctx.fillRect(32 + i * (bw + 2), h - 15 - bh, bw, bh); });
  ctx.fillStyle = "#8fa1b3"; ctx.fillText(buckets[0][0] + "µs", 32, h - 2); ctx.fillText(buckets[buckets.length - 1][0] + "µs", w - 60, h - 2);
}
function table(el, head, rows) { el.innerHTML = "<tr>" + head.map((x) => "<th>" + x + "</th>").join("") + "</tr>" + rows.join(""); }
function render(m) {
  const s = m.snapshot; window.arbFrames++; window.arbLast = m;
  const hd = $("world"); hd.className = s.world; hd.textContent = s.world + (s.world === "LIVE" ? " · REAL ORDERS, REAL MONEY" : s.world === "PAPER" ? " · live data, simulated fills" : " · embedded simulator, throwaway accounts") + (s.dryRun ? " · DRY RUN" : "");
  const t = s.latency.tickToOrder;
  $("status").innerHTML = "guaranteed P&amp;L <b class=pos>" + money(s.guaranteedPnlMicros) + "</b> · unmatched exposure <b class=" + (s.unmatchedExposureMicros > 0 ? "warn" : "") + ">" + money(s.unmatchedExposureMicros) + "</b> · gross " + money(s.grossExposureMicros) +
    " · arbs seen " + s.counters.arbsSeen + " taken <b id=taken>" + s.counters.arbsTaken + "</b> · fills " + s.counters.fills + " rejects " + s.counters.rejects + " · breaker <b class=" + (s.breaker.state === "closed" ? "pos" : "critical") + ">" + s.breaker.state + "</b><br>tick→order p50 " + t.p50Us + "µs p99 " + t.p99Us + "µs (n=" + t.count + ") · " +
    s.feeds.map((f) => esc(f.venue) + " " + esc(f.state) + " " + f.framesPerSec + "/s dropped " + f.dropped).join(" · ");
  const types = ["poly_yes_kalshi_no", "kalshi_yes_poly_no", "poly_same_market", "kalshi_same_market"];
  table($("pairs"), ["pair", "K yes", "K no", "K age", "P yes", "P no", "P age", "PY+KN", "KY+PN", "PY+PN", "KY+KN"], s.pairs.map((p) => "<tr class=" + (p.kalshi.stale || p.polymarket.stale ? "stale" : "") + "><td>" + esc(p.label) + "</td><td>" + price(p.kalshi.yesAskUnits) + "</td><td>" + price(p.kalshi.noAskUnits) + "</td><td>" + (p.kalshi.stale ? "STALE" : p.kalshi.ageMs + "ms") + "</td><td>" + price(p.polymarket.yesAskUnits) + "</td><td>" + price(p.polymarket.noAskUnits) + "</td><td>" + (p.polymarket.stale ? "STALE" : p.polymarket.ageMs + "ms") + "</td>" +
    types.map((k) => { const e = p.edgeUnits[k]; return "<td class=" + (e !== null && e > 0 ? "pos" : "neg") + ">" + (e === null ? "—" : e) + "</td>"; }).join("") + "</tr>"));
  table($("orders"), ["venue", "market", "side", "price", "size", "status"], s.orders.map((o) => "<tr><td>" + esc(o.venue) + "</td><td>" + esc(o.market) + "</td><td>" + esc(o.outcome) + "</td><td>" + price(o.priceUnits) + "</td><td>" + o.sizeHundredths / 100 + "</td><td>" + esc(o.status) + "</td></tr>"));
  table($("positions"), ["venue", "pair", "yes", "no", "cost"], s.positions.map((p) => "<tr><td>" + esc(p.venue) + "</td><td>" + esc(p.label) + "</td><td>" + p.yesHundredths / 100 + "</td><td>" + p.noHundredths / 100 + "</td><td>" + money(p.costMicros) + "</td></tr>"));
  $("alerts").innerHTML = s.alerts.slice(-10).map((a) => "<div class=" + a.level + ">" + new Date(a.tsMs).toISOString().slice(11, 19) + " " + esc(a.message) + "</div>").join("");
  lines($("edges"), m.series.edges.map((e) => ({ points: e.points })));
  bars($("latency"), m.series.latency);
  lines($("pnl"), [{ points: m.series.pnl.map((p) => [p[0], p[1] / 1e6]) }]);
  lines($("exposure"), [{ points: m.series.gross.map((p) => [p[0], p[1] / 1e6]) }, { points: m.series.unmatched.map((p) => [p[0], p[1] / 1e6]) }]);
}
function connect() {
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" + location.search);
  ws.onmessage = (ev) => render(JSON.parse(ev.data));
  ws.onclose = () => { $("world").textContent = "disconnected: retrying…"; setTimeout(connect, 1000); };
}
connect();
`;

export const PAGE_HTML = `${PAGE_HEAD}<script>${APP_JS}</script></body></html>`;
