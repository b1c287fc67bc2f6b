import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Book, type BookSide, EMPTY_BOOK, type SelfTradePrevention, type TimeInForce, levelsOf } from "./book.js";
import { type BookCommand, type BookEvent, applyBookCommand } from "./matching.js";

let n = 0;
function order(
  accountId: string,
  side: BookSide,
  priceUnits: number,
  sizeHundredths: number,
  timeInForce: TimeInForce = "good_till_canceled",
  selfTradePrevention: SelfTradePrevention = "taker_at_cross",
): BookCommand {
  n += 1;
  return { kind: "order.submit", orderId: `o${n}`, accountId, side, priceUnits, sizeHundredths, timeInForce, selfTradePrevention, postOnly: false };
}

function run(cmds: readonly BookCommand[], book: Book = EMPTY_BOOK): { book: Book; events: BookEvent[] } {
  const events: BookEvent[] = [];
  let b = book;
  for (const c of cmds) {
    const s = applyBookCommand(b, c);
    b = s.book;
    events.push(...s.events);
  }
  return { book: b, events };
}

const trades = (events: readonly BookEvent[]) => events.filter((e) => e.kind === "trade.executed");

describe("single YES book", () => {
  it("a YES bid at p and a NO bid at q (an ask at 1 − q) cross when p + q ≥ $1", () => {
    // NO bid at $0.45 = ask at $0.55; a YES bid at $0.55 crosses, at $0.54 it does not
    const { book } = run([order("m", "ask", 5500, 1000), order("t", "bid", 5400, 100)]);
    expect(book.asks).toHaveLength(1);
    expect(book.bids).toHaveLength(1);
    const s = applyBookCommand(book, order("t", "bid", 5500, 100));
    expect(trades(s.events)).toEqual([expect.objectContaining({ priceUnits: 5500, sizeHundredths: 100, makerOrderId: book.asks[0]?.orderId })]);
  });

  it("trades at the maker's price, best price first, then first come first served", () => {
    const setup = [order("a", "ask", 5600, 100), order("b", "ask", 5500, 100), order("c", "ask", 5500, 100)];
    const { book } = run(setup);
    const s = applyBookCommand(book, order("t", "bid", 5700, 250, "immediate_or_cancel"));
    expect(trades(s.events).map((t) => [t.makerAccountId, t.priceUnits, t.sizeHundredths])).toEqual([
      ["b", 5500, 100],
      ["c", 5500, 100],
      ["a", 5600, 50],
    ]);
    expect(levelsOf(s.book.asks)).toEqual([{ priceUnits: 5600, sizeHundredths: 50 }]);
  });

  it("GTC rests its remainder; IOC cancels it", () => {
    const { book } = run([order("m", "ask", 5000, 100)]);
    const gtc = applyBookCommand(book, order("t", "bid", 5000, 300));
    expect(levelsOf(gtc.book.bids)).toEqual([{ priceUnits: 5000, sizeHundredths: 200 }]);
    const ioc = applyBookCommand(book, order("t", "bid", 5000, 300, "immediate_or_cancel"));
    expect(ioc.book.bids).toHaveLength(0);
    expect(ioc.events).toContainEqual(expect.objectContaining({ kind: "order.canceled", reason: "ioc_remainder", canceledHundredths: 200 }));
  });

  it("FOK fills all or nothing", () => {
    const { book } = run([order("m", "ask", 5000, 100), order("m", "ask", 5100, 100)]);
    const kill = applyBookCommand(book, order("t", "bid", 5100, 201, "fill_or_kill"));
    expect(kill.book).toBe(book);
    expect(kill.events).toEqual([expect.objectContaining({ kind: "order.canceled", reason: "fok_unfillable", canceledHundredths: 201 })]);
    const fill = applyBookCommand(book, order("t", "bid", 5100, 200, "fill_or_kill"));
    expect(trades(fill.events).reduce((a, t) => a + t.sizeHundredths, 0)).toBe(200);
  });

  it("self-trade taker_at_cross: fills before the own order stand, the taker's remainder is canceled", () => {
    const { book } = run([order("x", "ask", 5000, 100), order("t", "ask", 5100, 100), order("y", "ask", 5200, 100)]);
    const s = applyBookCommand(book, order("t", "bid", 5200, 300, "good_till_canceled", "taker_at_cross"));
    expect(trades(s.events).map((t) => t.makerAccountId)).toEqual(["x"]);
    expect(s.events).toContainEqual(expect.objectContaining({ kind: "order.canceled", reason: "self_trade", canceledHundredths: 200 }));
    expect(s.book.asks.map((o) => o.accountId)).toEqual(["t", "y"]);
  });

  it("self-trade maker: the resting own order is canceled and matching continues", () => {
    const { book } = run([order("t", "ask", 5000, 100), order("y", "ask", 5100, 100)]);
    const s = applyBookCommand(book, order("t", "bid", 5100, 100, "good_till_canceled", "maker"));
    expect(trades(s.events).map((t) => t.makerAccountId)).toEqual(["y"]);
    expect(s.events).toContainEqual(expect.objectContaining({ kind: "order.canceled", reason: "self_trade", canceledHundredths: 100 }));
    expect(s.book.asks).toHaveLength(0);
  });

  it("the house ('skip') rests a crossed book against itself and still trades with others", () => {
    const { book } = run([order("h", "ask", 4800, 100, "good_till_canceled", "skip"), order("h", "bid", 5000, 100, "good_till_canceled", "skip")]);
    expect(book.bids).toHaveLength(1);
    expect(book.asks).toHaveLength(1);
    const s = applyBookCommand(book, order("t", "bid", 4800, 100, "immediate_or_cancel"));
    expect(trades(s.events)).toHaveLength(1);
  });

  it("post-only never takes", () => {
    const { book } = run([order("m", "ask", 5000, 100)]);
    const cmd = { ...order("t", "bid", 5000, 100), postOnly: true };
    const s = applyBookCommand(book, cmd);
    expect(s.book).toBe(book);
    expect(s.events).toEqual([expect.objectContaining({ kind: "order.canceled", reason: "post_only_cross" })]);
  });

  it("cancel removes the resting order; an unknown id changes nothing", () => {
    const first = order("m", "bid", 4000, 100);
    const { book } = run([first]);
    const s = applyBookCommand(book, { kind: "order.cancel", orderId: first.kind === "order.submit" ? first.orderId : "" });
    expect(s.book.bids).toHaveLength(0);
    expect(s.events).toContainEqual({ kind: "level.changed", side: "bid", priceUnits: 4000, deltaHundredths: -100 });
    expect(applyBookCommand(book, { kind: "order.cancel", orderId: "nope" }).events).toEqual([{ kind: "order.unknown", orderId: "nope" }]);
  });
});

const arbSubmit = fc
  .record({
    account: fc.constantFrom("a", "b", "c"),
    side: fc.constantFrom<BookSide>("bid", "ask"),
    price: fc.integer({ min: 1, max: 99 }).map((c) => c * 100),
    size: fc.integer({ min: 1, max: 500 }),
    tif: fc.constantFrom<TimeInForce>("good_till_canceled", "immediate_or_cancel", "fill_or_kill"),
    stp: fc.constantFrom<SelfTradePrevention>("taker_at_cross", "maker"),
  })
  .map((r) => order(r.account, r.side, r.price, r.size, r.tif, r.stp));

describe("properties", () => {
  it("sizes stay positive, books stay sorted by price-time and uncrossed between different accounts, quantity is conserved", () => {
    fc.assert(
      fc.property(fc.array(arbSubmit, { maxLength: 60 }), (cmds) => {
        let book = EMPTY_BOOK;
        for (const c of cmds) {
          const s = applyBookCommand(book, c);
          if (c.kind !== "order.submit") continue;
          const traded = trades(s.events).reduce((a, t) => a + t.sizeHundredths, 0);
          const rested = s.events.filter((e) => e.kind === "order.rested").reduce((a, e) => a + e.remainingHundredths, 0);
          const canceledTaker = s.events
            .filter((e) => e.kind === "order.canceled" && e.orderId === c.orderId)
            .reduce((a, e) => a + (e.kind === "order.canceled" ? e.canceledHundredths : 0), 0);
          expect(traded + rested + canceledTaker).toBe(c.sizeHundredths);
          if (c.timeInForce === "fill_or_kill") expect([0, c.sizeHundredths]).toContain(traded);
          for (const t of trades(s.events)) expect(t.makerAccountId).not.toBe(t.takerAccountId);
          book = s.book;
          for (const side of [book.bids, book.asks]) {
            for (const o of side) expect(o.remainingHundredths).toBeGreaterThan(0);
            for (let i = 1; i < side.length; i++) {
              const a = side[i - 1];
              const b = side[i];
              if (a === undefined || b === undefined) continue;
              const better = a.side === "bid" ? a.priceUnits > b.priceUnits : a.priceUnits < b.priceUnits;
              expect(better || (a.priceUnits === b.priceUnits && a.seq < b.seq)).toBe(true);
            }
          }
          const bid = book.bids[0];
          const ask = book.asks[0];
          if (bid !== undefined && ask !== undefined) expect(bid.priceUnits).toBeLessThan(ask.priceUnits);
        }
      }),
    );
  });

  it("level deltas replayed from empty equal the aggregated book", () => {
    fc.assert(
      fc.property(fc.array(arbSubmit, { maxLength: 60 }), (cmds) => {
        const { book, events } = run(cmds);
        const replay = new Map<string, number>();
        for (const e of events) {
          if (e.kind !== "level.changed") continue;
          const k = `${e.side}:${e.priceUnits}`;
          const v = (replay.get(k) ?? 0) + e.deltaHundredths;
          if (v === 0) replay.delete(k);
          else replay.set(k, v);
        }
        const expected = new Map<string, number>();
        for (const l of levelsOf(book.bids)) expected.set(`bid:${l.priceUnits}`, l.sizeHundredths);
        for (const l of levelsOf(book.asks)) expected.set(`ask:${l.priceUnits}`, l.sizeHundredths);
        expect(replay).toEqual(expected);
      }),
    );
  });
});
