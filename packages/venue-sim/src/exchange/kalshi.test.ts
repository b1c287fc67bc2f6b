import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BookSide, TimeInForce } from "./book.js";
import { type KalshiExchange, type OrderRequest, createKalshiExchange } from "./kalshi.js";

const TICKER = "KXNBAGAME-26NOV25LALBOS-LAL";
const DOLLAR = 1_000_000;

function setup(makerRatePpm = 0): KalshiExchange {
  let id = 0;
  const ex = createKalshiExchange(() => `id-${++id}`);
  ex.addMarket({ ticker: TICKER, eventTicker: "KXNBAGAME-26NOV25LALBOS", seriesTicker: "KXNBAGAME", takerRatePpm: 70_000, makerRatePpm, tickUnits: 100 });
  for (const a of ["a", "b", "c"]) ex.addAccount({ accountId: a, balanceMicros: 1000 * DOLLAR, precisionMicros: 10_000 });
  ex.addAccount({ accountId: "direct", balanceMicros: 1000 * DOLLAR, precisionMicros: 100 });
  return ex;
}

function req(accountId: string, side: BookSide, priceUnits: number, countHundredths: number, timeInForce: TimeInForce = "good_till_canceled"): OrderRequest {
  return {
    accountId,
    ticker: TICKER,
    side,
    priceUnits,
    countHundredths,
    timeInForce,
    selfTradePrevention: "taker_at_cross",
    postOnly: false,
    cancelOnPause: false,
    clientOrderId: "",
  };
}

describe("charging", () => {
  it("taker buys 10 YES @ $0.50: $5.00 + fee $0.175 → $0.18; the maker pays no fee on a series without maker fees", () => {
    const ex = setup();
    ex.submit(req("a", "ask", 5000, 1000), 1);
    const s = ex.submit(req("b", "bid", 5000, 1000, "fill_or_kill"), 2);
    expect(s.result.ok && s.result.order.status).toBe("executed");
    expect(ex.account("b")?.balanceMicros).toBe(1000 * DOLLAR - 5_180_000);
    expect(ex.account("a")?.balanceMicros).toBe(1000 * DOLLAR - 5_000_000); // bought NO at $0.50
    expect(ex.account("b")?.positions.get(TICKER)).toEqual({ yesHundredths: 1000, noHundredths: 0 });
    expect(ex.account("a")?.positions.get(TICKER)).toEqual({ yesHundredths: 0, noHundredths: 1000 });
  });

  it("a series with a maker fee charges the maker its own rate", () => {
    const ex = setup(17_500);
    ex.submit(req("a", "ask", 5000, 10_000), 1);
    ex.submit(req("b", "bid", 5000, 10_000), 2);
    // 0.0175 × 100 × 0.25 = $0.4375 → $0.44 at cent precision
    expect(ex.account("a")?.feesPaidMicros).toBe(440_000);
    expect(ex.account("b")?.feesPaidMicros).toBe(1_750_000);
  });

  it("a direct member's balance keeps $0.0001 precision", () => {
    const ex = setup();
    ex.submit(req("a", "ask", 5000, 1000), 1);
    ex.submit(req("direct", "bid", 5000, 1000), 2);
    expect(ex.account("direct")?.balanceMicros).toBe(1000 * DOLLAR - 5_175_000);
  });

  it("refuses an order the available balance cannot cover, counting resting orders", () => {
    const ex = setup();
    ex.addAccount({ accountId: "poor", balanceMicros: 10 * DOLLAR, precisionMicros: 10_000 });
    expect(ex.submit(req("poor", "bid", 5000, 1500), 1).result.ok).toBe(true);
    const second = ex.submit(req("poor", "bid", 5000, 500), 2).result;
    expect(second.ok ? "" : second.rejection.code).toBe("available_balance_too_low");
  });

  it("rejects off-grid prices, closed markets and pauses with the venue's reasons", () => {
    const ex = setup();
    const code = (r: ReturnType<KalshiExchange["submit"]>) => (r.result.ok ? "ok" : r.result.rejection.code);
    expect(code(ex.submit(req("a", "bid", 4250, 100), 1))).toBe("invalid_price");
    ex.setPaused(true, 1);
    expect(code(ex.submit(req("a", "bid", 4200, 100), 1))).toBe("trading_is_paused");
    ex.setPaused(false, 1);
    ex.closeMarket(TICKER, 2);
    expect(code(ex.submit(req("a", "bid", 4200, 100), 3))).toBe("market_closed");
  });

  it("a pause cancels only the orders placed cancel-on-pause", () => {
    const ex = setup();
    ex.submit(req("a", "bid", 4000, 100), 1);
    ex.submit({ ...req("b", "bid", 3900, 100), cancelOnPause: true }, 1);
    const step = ex.setPaused(true, 2);
    expect(step.events.flatMap((e) => (e.kind === "order.changed" ? [e.order.accountId] : []))).toEqual(["b"]);
    expect(ex.ordersOf("a")[0]?.status).toBe("resting");
    expect(ex.ordersOf("b")[0]?.status).toBe("canceled");
  });

  it("settlement pays $1 per winning contract and cancels resting orders", () => {
    const ex = setup();
    ex.submit(req("a", "ask", 4000, 1000), 1);
    ex.submit(req("b", "bid", 4000, 1000), 2);
    ex.submit(req("c", "bid", 3000, 100), 3);
    const before = ex.account("b")?.balanceMicros ?? 0;
    ex.settleMarket(TICKER, "yes", 4);
    expect(ex.account("b")?.balanceMicros).toBe(before + 10 * DOLLAR);
    expect(ex.account("b")?.positions.size).toBe(0);
    expect(ex.ordersOf("c")[0]?.status).toBe("canceled");
    expect(ex.market(TICKER)?.status).toBe("finalized");
  });
});

describe("retention", () => {
  it("keeps a user's finished orders queryable and drops the house's once they finish", () => {
    const ex = setup();
    ex.addAccount({ accountId: "house", balanceMicros: 1000 * DOLLAR, precisionMicros: 100, house: true });
    const canceled = ex.submit(req("a", "bid", 4000, 100), 1).result;
    const houseAsk = ex.submit({ ...req("house", "ask", 5000, 1000), selfTradePrevention: "skip" }, 1).result;
    if (!canceled.ok || !houseAsk.ok) throw new Error("orders refused");
    ex.cancel(canceled.order.orderId, 2);
    const taken = ex.submit(req("b", "bid", 5000, 1000, "fill_or_kill"), 3);
    if (!taken.result.ok) throw new Error("taker refused");
    const takerId = taken.result.order.orderId;
    expect(taken.events).toContainEqual({ kind: "order.changed", order: expect.objectContaining({ orderId: houseAsk.order.orderId, status: "executed" }) });
    expect(ex.order(canceled.order.orderId)?.status).toBe("canceled");
    expect(ex.order(takerId)?.status).toBe("executed");
    expect(ex.ordersOf("b").map((o) => o.orderId)).toEqual([takerId]);
    expect(ex.fillsOf("b")[0]?.orderId).toBe(takerId);
    expect(ex.order(houseAsk.order.orderId)).toBeUndefined();
    expect(ex.ordersOf("house")).toEqual([]);
  });
});

describe("conservation", () => {
  const cmd = fc.record({
    account: fc.constantFrom("a", "b", "c", "direct"),
    side: fc.constantFrom<BookSide>("bid", "ask"),
    price: fc.integer({ min: 1, max: 99 }).map((c) => c * 100),
    size: fc.integer({ min: 1, max: 3000 }),
    tif: fc.constantFrom<TimeInForce>("good_till_canceled", "immediate_or_cancel", "fill_or_kill"),
    cancelFirst: fc.boolean(),
  });

  it("cash + fees + $1 per open YES/NO pair is constant; YES held equals NO held; settlement leaves cash + fees", () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), fc.constantFrom<"yes" | "no">("yes", "no"), (cmds, result) => {
        const ex = setup(17_500);
        const total = () => ex.accounts().reduce((a, x) => a + x.balanceMicros + x.feesPaidMicros, 0);
        const initial = total();
        let t = 0;
        for (const c of cmds) {
          t += 1;
          if (c.cancelFirst) {
            const resting = ex.ordersOf(c.account).find((o) => o.status === "resting");
            if (resting !== undefined) ex.cancel(resting.orderId, t);
          }
          ex.submit(req(c.account, c.side, c.price, c.size, c.tif), t);
          let yes = 0;
          let no = 0;
          for (const a of ex.accounts()) {
            expect(a.balanceMicros).toBeGreaterThanOrEqual(0);
            const p = a.positions.get(TICKER);
            yes += p?.yesHundredths ?? 0;
            no += p?.noHundredths ?? 0;
          }
          expect(yes).toBe(no);
          expect(total() + yes * 10_000).toBe(initial);
        }
        ex.settleMarket(TICKER, result, t + 1);
        expect(total()).toBe(initial);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the makers' requote", () => {
  it("replaces both sides in one step: the changed levels' orders are canceled first, then the new ones posted; kept levels are not touched", () => {
    const ex = setup();
    const levels = (bids: [number, number][], asks: [number, number][]) => ({ bids: new Map(bids), asks: new Map(asks) });
    ex.replaceLevels(
      "c",
      TICKER,
      levels(
        [
          [4000, 100],
          [4100, 200],
        ],
        [[5000, 100]],
      ),
      1,
    );
    const step = ex.replaceLevels(
      "c",
      TICKER,
      levels(
        [
          [4000, 100],
          [4200, 50],
        ],
        [[4500, 300]],
      ),
      2,
    );
    const changes = step.events.flatMap((e) => (e.kind === "book.changed" ? [[e.side, e.priceUnits, e.deltaHundredths]] : []));
    expect(changes).toEqual([
      ["bid", 4100, -200],
      ["ask", 5000, -100],
      ["bid", 4200, 50],
      ["ask", 4500, 300],
    ]);
    expect(ex.market(TICKER)?.book.bids.map((o) => [o.priceUnits, o.remainingHundredths])).toEqual([
      [4200, 50],
      [4000, 100],
    ]);
  });
});
