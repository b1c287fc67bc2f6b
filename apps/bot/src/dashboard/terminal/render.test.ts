import { describe, expect, it } from "vitest";
import type { PairView, Snapshot } from "../../state/snapshot.js";
import { money, price, size } from "./format.js";
import { renderScreen } from "./render.js";

const empty = { count: 0, p50Us: 0, p90Us: 0, p99Us: 0, maxUs: 0 };
const pair = (n: number, label: string, edge: number, stale = false): PairView => ({
  pair: n,
  label,
  league: "NBA",
  kalshi: { yesAskUnits: 4_800, yesAskHundredths: 1_000, noAskUnits: 5_300, noAskHundredths: 250, ageMs: 120, stale },
  polymarket: { yesAskUnits: 4_700, yesAskHundredths: 5_000, noAskUnits: null, noAskHundredths: 0, ageMs: 40, stale: false },
  edgeUnits: { poly_yes_kalshi_no: edge, kalshi_yes_poly_no: null, poly_same_market: null, kalshi_same_market: -100 },
});

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    world: "SIMULATOR",
    dryRun: false,
    nowMs: 1_000_000 + 3_723_000,
    startedMs: 1_000_000,
    pairs: [pair(0, "LAL@BOS LAL", 12), pair(1, "KC@BUF KC", 240, true)],
    orders: [
      {
        clientOrderId: "c1",
        venue: "kalshi",
        market: "KXNBAGAME-26NOV25LALBOS-LAL",
        outcome: "no",
        priceUnits: 5_300,
        sizeHundredths: 1_000,
        filledHundredths: 0,
        status: "submitted",
        ageMs: 8,
      },
    ],
    positions: [{ venue: "polymarket", market: "0xabc", label: "LAL@BOS LAL", yesHundredths: 1_000, noHundredths: 0, costMicros: 4_712_340 }],
    guaranteedPnlMicros: 1_234_567,
    unmatchedExposureMicros: 0,
    grossExposureMicros: 9_876_543,
    feesMicros: 70_000,
    alerts: [{ tsMs: 1_795_626_000_000, level: "warn", message: "one-sided fill on KC@BUF: unwinding" }],
    breaker: { state: "closed" },
    latency: { tickToOrder: { count: 12, p50Us: 180, p90Us: 420, p99Us: 1_500, maxUs: 2_100 }, orderAck: empty },
    feeds: [
      { venue: "kalshi", state: "open", framesPerSec: 120, dropped: 0, reconnects: 0, lastFrameAgeMs: 20 },
      { venue: "polymarket", state: "closed", framesPerSec: 0, dropped: 3, reconnects: 2, lastFrameAgeMs: 9_000 },
    ],
    counters: { arbsSeen: 30, arbsTaken: 7, ordersSent: 14, fills: 13, rejects: 1 },
    booksInconsistent: { kalshi: 0, polymarket: 2 },
    ...over,
  };
}

const plain = { width: 160, height: 40, color: false };

describe("renderScreen", () => {
  it("names the world on the first line", () => {
    expect(renderScreen(snapshot(), plain).split("\n")[0]).toMatch(/^ SIMULATOR · /);
    expect(renderScreen(snapshot({ world: "PAPER" }), plain).split("\n")[0]).toMatch(/PAPER · live market data/);
    expect(renderScreen(snapshot({ world: "LIVE", dryRun: true }), plain).split("\n")[0]).toMatch(/LIVE · REAL ORDERS.*DRY RUN/);
  });

  it("shows P&L, exposure, breaker, latency percentiles and feed health", () => {
    const s = renderScreen(snapshot({ breaker: { state: "open", reason: "3 one-sided fills" }, unmatchedExposureMicros: 2_500_000 }), plain);
    expect(s).toContain("guaranteed P&L $1.234567");
    expect(s).toContain("unmatched exposure $2.500000");
    expect(s).toContain("breaker OPEN (3 one-sided fills)");
    expect(s).toContain("tick→order p50 180µs p90 420µs p99 1.50ms max 2.10ms (n=12)");
    expect(s).toContain("polymarket closed 0/s dropped 3 reconnects 2 last 9s");
    expect(s).toContain("arbs seen 30 taken 7");
    expect(s).toContain("up 1h02m03s");
  });

  it("lists pairs best edge first, with both books, ages and STALE marks", () => {
    const rows = renderScreen(snapshot(), plain)
      .split("\n")
      .filter((l) => l.startsWith("LAL@BOS") || l.startsWith("KC@BUF"));
    expect(rows[0]).toMatch(/^KC@BUF KC .*STALE .*│ 0\.4700×50 .*│ {3}240/);
    expect(rows[1]).toMatch(/^LAL@BOS LAL .*0\.4800×10 .*0\.5300×2\.5 .*120ms │/);
  });

  it("shows in-flight orders, positions and alerts", () => {
    const s = renderScreen(snapshot(), plain);
    expect(s).toMatch(/kalshi +KXNBAGAME-26NOV25LALBOS-LAL +buy no +0\.5300 × 10 filled 0 submitted 8ms/);
    expect(s).toMatch(/polymarket +LAL@BOS LAL +yes +10 no +0 cost \$4\.712340/);
    expect(s).toContain("WARN one-sided fill on KC@BUF: unwinding");
  });

  it("fits the terminal: no line wider than it, no more lines than it has", () => {
    const many = Array.from({ length: 200 }, (_, i) => pair(i, `GAME${i}`, i));
    const s = renderScreen(snapshot({ pairs: many }), { width: 80, height: 30, color: true });
    const lines = s.split("\n");
    expect(lines.length).toBeLessThanOrEqual(30);
    for (const l of lines) expect(l.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "").length).toBeLessThanOrEqual(80);
    expect(s).toMatch(/more pairs \(best edges first\)/);
  });
});

describe("format", () => {
  it("formats integers without floats", () => {
    expect(money(-1_500_001)).toBe("-$1.500001");
    expect(money(12_345_678_901)).toBe("$12,345.678901");
    expect(price(4_200)).toBe("0.4200");
    expect(price(10_000)).toBe("1.0000");
    expect(size(1_050)).toBe("10.5");
    expect(size(1_001)).toBe("10.01");
  });
});
