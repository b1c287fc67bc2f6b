import { ARB_TYPES, type ArbType } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bookOf, withoutClaimed } from "./claims.js";
import { ExecutionConfig, PairSpec } from "../config.js";
import { opposite } from "./legs.js";
import { TERMINAL } from "./order-fsm.js";
import { type Command, type EngineInput, type ExecState, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

const T0 = 1_780_000_000_000;

describe("bookOf", () => {
  it("names one book side for both pairs of a shared Polymarket market, and a sale the side it takes", () => {
    expect(bookOf("polymarket", "0xc", "yes", "buy")).toBe("polymarket:0xc:yes");
    expect(bookOf("polymarket", "0xc:inverted", "no", "buy")).toBe("polymarket:0xc:yes");
    expect(bookOf("polymarket", "0xc:inverted", "yes", "sell")).toBe("polymarket:0xc:yes");
    expect(bookOf("kalshi", "EV-A", "yes", "sell")).toBe("kalshi:EV-A:no");
  });
});

describe("withoutClaimed", () => {
  it("takes the claimed size from the best levels", () => {
    expect(withoutClaimed([4000, 500, 4100, 700], 0)).toEqual([4000, 500, 4100, 700]);
    expect(withoutClaimed([4000, 500, 4100, 700], 500)).toEqual([4100, 700]);
    expect(withoutClaimed([4000, 500, 4100, 700], 800)).toEqual([4100, 400]);
    expect(withoutClaimed([4000, 500, 4100, 700], 5_000)).toEqual([]);
  });
});

/**
 * Random games, each with two Kalshi team markets and one Polymarket market bound by two pairs (the second under its
 * inverted key), random books, and random interleavings of opportunities on any pair and type, venue answers (filled,
 * part-filled, killed, rejected) and time. The books never move (the venue's frames are late): after every step, the
 * bot's live orders on a book side sum to no more than what that side shows within their limits, and an entry never
 * goes to a book where another arb's order is still working.
 */
const level = fc.tuple(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 1, max: 30 })).map(([p, s]) => [p * 100, s * 100] as const);
const ladder = fc.array(level, { minLength: 1, maxLength: 3 }).map((ls) => {
  const byPrice = new Map<number, number>();
  for (const [p, s] of ls) byPrice.set(p, (byPrice.get(p) ?? 0) + s);
  return [...byPrice.entries()].sort((a, b) => a[0] - b[0]).flat();
});

type Action =
  | { readonly kind: "opportunity"; readonly pair: number; readonly type: ArbType }
  | { readonly kind: "answer"; readonly pick: number; readonly filledPct: number; readonly reject: boolean }
  | { readonly kind: "wait"; readonly ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("opportunity" as const), pair: fc.nat(5), type: fc.constantFrom(...ARB_TYPES) }),
  fc.record({ kind: fc.constant("answer" as const), pick: fc.nat(50), filledPct: fc.constantFrom(0, 40, 100), reject: fc.boolean() }),
  fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 800 }) }),
);

function world(games: number, bound: readonly boolean[]) {
  const pairs: PairSpec[] = [];
  for (let g = 0; g < games; g++) {
    for (const [team, key] of [
      ["A", `0xg${g}`],
      ["B", `0xg${g}:inverted`],
    ] as const) {
      const pair = g * 2 + (team === "A" ? 0 : 1);
      if (bound[pair] === false) continue;
      pairs.push(PairSpec.parse({ pair, eventId: `EV${g}`, kalshiMarket: `EV${g}-${team}`, polymarketMarket: key }));
    }
  }
  return pairs;
}

function depthWithin(asks: readonly number[], limit: number): number {
  let n = 0;
  for (let i = 0; i + 1 < asks.length; i += 2) if ((asks[i] as number) <= limit) n += asks[i + 1] as number;
  return n;
}

describe("claims on books", () => {
  it("the bot's live orders on a book never exceed what it saw there, whatever pairs share it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(ladder, { minLength: 18, maxLength: 18 }),
        fc.array(action, { minLength: 1, maxLength: 60 }),
        (games, bound, ladders, actions) => {
          const pairs = world(games, bound);
          fc.pre(pairs.length > 0);
          // One ladder per book side: 2 Kalshi markets × 2 sides + 1 Polymarket market × 2 tokens per game.
          const books = new Map<string, readonly number[]>();
          let next = 0;
          const ladderOf = (book: string): readonly number[] => {
            let l = books.get(book);
            if (l === undefined) books.set(book, (l = ladders[next++ % ladders.length] as number[]));
            return l;
          };
          const config = ExecutionConfig.parse({
            risk: { minFillProbabilityPpm: 0, minEdgeBps: 0, minProfitMicros: 1, allowAfterGameStart: true },
            execution: { claimHoldMs: 300 },
          });
          let now = T0;
          const ctx = stepContext(
            config,
            new Map(pairs.map((p) => [p.pair, p])),
            (venue, market, outcome) => ladderOf(bookOf(venue, market, outcome, "buy")),
            () => ({ tsMs: now, stale: false }),
            () => true,
          );
          const state: ExecState = createExecState("p", now);
          let venueIds = 0;
          const run = (input: EngineInput): Command[] => {
            const cs = step(state, input, ctx, now);
            for (const c of cs) {
              if (c.kind !== "order.place") continue;
              const i = c.intent;
              const book = bookOf(c.venue, i.market, i.outcome, i.action);
              const live = [...state.orders.values()].filter((o) => !TERMINAL.has(o.status) && bookOf(o.venue, o.market, o.outcome, o.action) === book);
              const side = ctx.books.asks(c.venue, i.market, i.action === "buy" ? i.outcome : opposite(i.outcome));
              const limit = i.action === "buy" ? i.priceUnits : 10_000 - i.priceUnits;
              expect(live.reduce((n, o) => n + o.sizeHundredths, 0)).toBeLessThanOrEqual(depthWithin(side, limit));
              // An entry never shares a book with another arb's working order.
              const entry = state.orders.get(i.clientOrderId);
              if (entry?.role === "entry") expect(live.filter((o) => o.arbId !== entry.arbId)).toEqual([]);
            }
            return cs;
          };
          for (const a of actions) {
            if (a.kind === "wait") now += a.ms;
            else if (a.kind === "opportunity") {
              if (ctx.pairs.has(a.pair)) run({ kind: "opportunity.detected", pair: a.pair, type: a.type });
            } else {
              const open = [...state.orders.values()].filter((o) => o.status === "sent");
              const o = open[a.pick % Math.max(1, open.length)];
              if (o === undefined) continue;
              if (a.reject) {
                run({
                  kind: "order.answered",
                  clientOrderId: o.clientOrderId,
                  result: { ok: false, error: { venue: o.venue, code: "X", outcome: "rejected", message: "" } },
                });
                continue;
              }
              const filled = Math.floor((o.sizeHundredths * a.filledPct) / 100 / 100) * 100;
              const orderId = `v${++venueIds}`;
              run({
                kind: "order.answered",
                clientOrderId: o.clientOrderId,
                result: { ok: true, value: { orderId, clientOrderId: o.clientOrderId, filledHundredths: filled, remainingHundredths: 0, tsMs: now } },
              });
              if (filled > 0) {
                const yes = o.outcome === "yes" ? o.priceUnits : 10_000 - o.priceUnits;
                run({
                  kind: "fill.observed",
                  venue: o.venue,
                  fill: {
                    fillId: `f${orderId}`,
                    orderId,
                    clientOrderId: o.clientOrderId,
                    market: o.market,
                    outcome: o.outcome,
                    yesPriceUnits: yes,
                    sizeHundredths: filled,
                    isTaker: true,
                    feeMicros: 0,
                  },
                });
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a same-venue arb on a shared market is taken once, by the pair that holds the market as listed", () => {
    const pairs = world(1, [true, true]);
    const ctx = stepContext(
      ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true } }),
      new Map(pairs.map((p) => [p.pair, p])),
      (_v, _m, outcome) => (outcome === "yes" ? [4400, 1_500] : [5200, 1_500]),
      () => ({ tsMs: T0, stale: false }),
      () => true,
    );
    const state = createExecState("s", T0);
    const placed = (pair: number) =>
      step(state, { kind: "opportunity.detected", pair, type: "poly_same_market" }, ctx, T0).filter((c) => c.kind === "order.place").length;
    expect(placed(1)).toBe(0);
    expect(placed(0)).toBe(2);
  });

  it("an opportunity whose books the bot's own orders have taken waits and is rechecked when they settle", () => {
    const pairs = world(1, [true, true]);
    const config = ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true }, execution: { claimHoldMs: 400 } });
    // Pair 0's kalshi_yes_poly_no and pair 1's poly_yes_kalshi_no both buy the Polymarket market's NO token.
    const ctx = stepContext(
      config,
      new Map(pairs.map((p) => [p.pair, p])),
      () => [4000, 1_500],
      () => ({ tsMs: T0, stale: false }),
      () => true,
    );
    const state = createExecState("w", T0);
    expect(step(state, { kind: "opportunity.detected", pair: 0, type: "kalshi_yes_poly_no" }, ctx, T0).filter((c) => c.kind === "order.place")).toHaveLength(2);
    const second = step(state, { kind: "opportunity.detected", pair: 1, type: "poly_yes_kalshi_no" }, ctx, T0 + 1);
    expect(second.filter((c) => c.kind === "order.place")).toHaveLength(0);
    expect(second).toContainEqual({ kind: "opportunity.recheck", pair: 1, atMs: T0 + 401 });
    expect(second.find((c) => c.kind === "event.emit")).toMatchObject({ event: { reason: "BOOK_CLAIMED" } });
  });
});
