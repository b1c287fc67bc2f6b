import { esc, money, price } from "./format.js";
import type { ArbType, SnapshotView, TopView } from "./message.js";

export const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el;
};

const WORLD_NOTE: Readonly<Record<SnapshotView["world"], string>> = {
  LIVE: " · REAL ORDERS, REAL MONEY",
  PAPER: " · live data, simulated fills",
  SIMULATOR: " · embedded simulator, throwaway accounts",
};

const ARB_TYPES: readonly ArbType[] = ["poly_yes_kalshi_no", "kalshi_yes_poly_no", "poly_same_market", "kalshi_same_market"];

function table(el: HTMLElement, head: readonly string[], rows: readonly string[]): void {
  el.innerHTML = `<tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>${rows.join("")}`;
}

const cells = (values: readonly string[]): string => values.map((v) => `<td>${v}</td>`).join("");

/** The header, status line and tables (the plots are charts.ts's). Every venue-supplied string is escaped. */
export function renderSnapshot(s: SnapshotView): void {
  const world = $("world");
  world.className = s.world;
  world.textContent = s.world + WORLD_NOTE[s.world] + (s.dryRun ? " · DRY RUN" : "");
  const t = s.latency.tickToOrder;
  const feeds = s.feeds.map((f) => `${esc(f.venue)} ${esc(f.state)} ${f.framesPerSec}/s dropped ${f.dropped}`).join(" · ");
  $("status").innerHTML =
    `guaranteed P&amp;L <b class=pos>${money(s.guaranteedPnlMicros)}</b> · unmatched exposure <b class=${s.unmatchedExposureMicros > 0 ? "warn" : ""}>` +
    `${money(s.unmatchedExposureMicros)}</b> · gross ${money(s.grossExposureMicros)} · arbs seen ${s.counters.arbsSeen} taken <b id=taken>` +
    `${s.counters.arbsTaken}</b> · fills ${s.counters.fills} rejects ${s.counters.rejects} · breaker <b class=${s.breaker.state === "closed" ? "pos" : "critical"}>` +
    `${esc(s.breaker.state)}</b><br>tick→order p50 ${t.p50Us}µs p99 ${t.p99Us}µs (n=${t.count}) · ${feeds}`;
  const age = (top: TopView) => (top.stale ? "STALE" : `${top.ageMs}ms`);
  table(
    $("pairs"),
    ["pair", "K yes", "K no", "K age", "P yes", "P no", "P age", "PY+KN", "KY+PN", "PY+PN", "KY+KN"],
    s.pairs.map((p) => {
      const edges = ARB_TYPES.map((k) => {
        const e = p.edgeUnits[k];
        return `<td class=${e !== null && e > 0 ? "pos" : "neg"}>${e === null ? "—" : e}</td>`;
      }).join("");
      const k = p.kalshi;
      const m = p.polymarket;
      return `<tr class=${k.stale || m.stale ? "stale" : ""}>${cells([esc(p.label), price(k.yesAskUnits), price(k.noAskUnits), age(k), price(m.yesAskUnits), price(m.noAskUnits), age(m)])}${edges}</tr>`;
    }),
  );
  table(
    $("orders"),
    ["venue", "market", "side", "price", "size", "status"],
    s.orders.map((o) => `<tr>${cells([esc(o.venue), esc(o.market), esc(o.outcome), price(o.priceUnits), String(o.sizeHundredths / 100), esc(o.status)])}</tr>`),
  );
  table(
    $("positions"),
    ["venue", "pair", "yes", "no", "cost"],
    s.positions.map((p) => `<tr>${cells([esc(p.venue), esc(p.label), String(p.yesHundredths / 100), String(p.noHundredths / 100), money(p.costMicros)])}</tr>`),
  );
  $("alerts").innerHTML = s.alerts
    .slice(-10)
    .map((a) => `<div class=${esc(a.level)}>${new Date(a.tsMs).toISOString().slice(11, 19)} ${esc(a.message)}</div>`)
    .join("");
}
