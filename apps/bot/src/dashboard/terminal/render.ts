import { ARB_TYPES, type ArbType } from "@arb/domain";
import type { PairView, Snapshot, TopOfBook, World } from "../../state/snapshot.js";
import { age, duration, micros, money, price, size } from "./format.js";

export interface RenderOptions {
  readonly width: number;
  readonly height: number;
  /** ANSI colours (a TTY); plain text otherwise and in tests. */
  readonly color: boolean;
}

const WORLD_BANNER: Readonly<Record<World, string>> = {
  SIMULATOR: "SIMULATOR · embedded venue simulator, throwaway accounts, no real money",
  PAPER: "PAPER · live market data from the real venues, fills simulated, no real money",
  LIVE: "LIVE · REAL ORDERS WITH REAL MONEY",
};

const SHORT: Readonly<Record<ArbType, string>> = {
  poly_yes_kalshi_no: "PY+KN",
  kalshi_yes_poly_no: "KY+PN",
  poly_same_market: "PY+PN",
  kalshi_same_market: "KY+KN",
};

function paint(on: boolean, code: string, s: string): string {
  return on ? `\x1b[${code}m${s}\x1b[0m` : s;
}

function book(b: TopOfBook): string {
  const side = (u: number | null, h: number) => (u === null ? "   —   ×    " : `${price(u)}×${size(h).padEnd(5)}`);
  return `${side(b.yesAskUnits, b.yesAskHundredths)} ${side(b.noAskUnits, b.noAskHundredths)} ${(b.stale ? "STALE" : age(b.ageMs)).padStart(5)}`;
}

function edgeCell(e: number | null, color: boolean): string {
  if (e === null) return "    —".padStart(6);
  const s = String(e).padStart(6);
  return e > 0 ? paint(color, "1;32", s) : s;
}

function pairRow(p: PairView, color: boolean, labelWidth: number): string {
  const edges = ARB_TYPES.map((t) => edgeCell(p.edgeUnits[t], color)).join("");
  const row = `${p.label.slice(0, labelWidth).padEnd(labelWidth)} ${book(p.kalshi)} │ ${book(p.polymarket)} │${edges}`;
  return p.kalshi.stale || p.polymarket.stale ? paint(color, "2", row) : row;
}

/** Pure: the whole screen for one snapshot, cut to the terminal's size; the first line always names the world. */
export function renderScreen(s: Snapshot, o: RenderOptions): string {
  const c = o.color;
  const banner = `${WORLD_BANNER[s.world]}${s.dryRun ? " · DRY RUN (orders logged, none sent)" : ""}`;
  const bannerColor = s.world === "LIVE" ? "1;37;41" : s.world === "PAPER" ? "1;30;43" : "1;30;46";
  const lines: string[] = [paint(c, bannerColor, ` ${banner} `.padEnd(Math.min(o.width, banner.length + 2)))];
  const breaker =
    s.breaker.state === "closed"
      ? paint(c, "32", "closed")
      : paint(c, "1;31", `${s.breaker.state.toUpperCase()}${s.breaker.reason === undefined ? "" : ` (${s.breaker.reason})`}`);
  lines.push(
    `up ${duration(s.nowMs - s.startedMs)} · pairs ${s.pairs.length} · arbs seen ${s.counters.arbsSeen} taken ${s.counters.arbsTaken} · orders ${s.counters.ordersSent} fills ${s.counters.fills} rejects ${s.counters.rejects} · breaker ${breaker}`,
  );
  const unmatched = s.unmatchedExposureMicros > 0 ? paint(c, "1;33", money(s.unmatchedExposureMicros)) : money(0);
  lines.push(
    `guaranteed P&L ${paint(c, s.guaranteedPnlMicros >= 0 ? "1;32" : "1;31", money(s.guaranteedPnlMicros))} · unmatched exposure ${unmatched} · gross exposure ${money(s.grossExposureMicros)} · fees ${money(s.feesMicros)}`,
  );
  const t = s.latency.tickToOrder;
  const a = s.latency.orderAck;
  lines.push(
    `latency tick→order p50 ${micros(t.p50Us)} p90 ${micros(t.p90Us)} p99 ${micros(t.p99Us)} max ${micros(t.maxUs)} (n=${t.count}) · order ack p50 ${micros(a.p50Us)} p99 ${micros(a.p99Us)} (n=${a.count})`,
  );
  lines.push(
    `feeds ${s.feeds
      .map(
        (f) =>
          `${f.venue} ${f.state === "open" ? paint(c, "32", "open") : paint(c, "1;31", f.state)} ${f.framesPerSec}/s dropped ${f.dropped} reconnects ${f.reconnects} last ${age(f.lastFrameAgeMs)}`,
      )
      .join(" · ")}`,
  );
  lines.push("");
  const labelWidth = Math.max(12, Math.min(34, o.width - 100));
  lines.push(
    paint(
      c,
      "1",
      `${"pair".padEnd(labelWidth)} ${"K yes ask×size".padEnd(13)} ${"K no ask×size".padEnd(13)}   age │ ${"P yes ask×size".padEnd(13)} ${"P no ask×size".padEnd(13)}   age │${ARB_TYPES.map((x) => SHORT[x].padStart(6)).join("")}`,
    ),
  );
  const fixedBelow = 4 + Math.min(5, s.orders.length) + Math.min(5, s.positions.length) + Math.min(5, s.alerts.length) + 3;
  const room = Math.max(3, o.height - lines.length - fixedBelow);
  const ranked = [...s.pairs].sort((x, y) => best(y) - best(x));
  for (const p of ranked.slice(0, room)) lines.push(pairRow(p, c, labelWidth));
  if (ranked.length > room) lines.push(`… ${ranked.length - room} more pairs (best edges first)`);
  lines.push("", paint(c, "1", `in-flight orders (${s.orders.length})`));
  for (const x of s.orders.slice(0, 5))
    lines.push(
      `  ${x.venue.padEnd(10)} ${x.market.slice(0, 32).padEnd(32)} buy ${x.outcome.padEnd(3)} ${price(x.priceUnits)} × ${size(x.sizeHundredths)} filled ${size(x.filledHundredths)} ${x.status} ${age(x.ageMs)}`,
    );
  lines.push(paint(c, "1", `positions (${s.positions.length})`));
  for (const x of s.positions.slice(0, 5))
    lines.push(
      `  ${x.venue.padEnd(10)} ${x.label.slice(0, 40).padEnd(40)} yes ${size(x.yesHundredths).padStart(7)} no ${size(x.noHundredths).padStart(7)} cost ${money(x.costMicros)}`,
    );
  lines.push(paint(c, "1", `alerts (${s.alerts.length})`));
  for (const x of s.alerts.slice(-5)) {
    const tag = x.level === "critical" ? paint(c, "1;31", "CRIT") : x.level === "warn" ? paint(c, "33", "WARN") : "info";
    lines.push(`  ${new Date(x.tsMs).toISOString().slice(11, 19)} ${tag} ${x.message}`);
  }
  return lines
    .slice(0, o.height)
    .map((l) => (visibleLength(l) > o.width ? cut(l, o.width) : l))
    .join("\n");
}

function best(p: PairView): number {
  let m = -100_000;
  for (const t of ARB_TYPES) {
    const e = p.edgeUnits[t];
    if (e !== null && e > m) m = e;
  }
  return m;
}

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, "g");
const ANSI_AT_START = new RegExp(`^${ESC}\\[[0-9;]*m`);
const visibleLength = (s: string): number => s.replace(ANSI, "").length;

function cut(s: string, width: number): string {
  let out = "";
  let visible = 0;
  for (let i = 0; i < s.length && visible < width; ) {
    const m = ANSI_AT_START.exec(s.slice(i));
    if (m !== null) {
      out += m[0];
      i += m[0].length;
      continue;
    }
    out += s[i];
    visible++;
    i++;
  }
  return s.includes("\x1b[") ? `${out}\x1b[0m` : out;
}
