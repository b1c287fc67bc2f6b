import { fixtureFiles, fixtureJson } from "@arb/venue-fixtures";
import { intToDecimal } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorFromStatus } from "./errors.js";
import {
  PriceChangeScratch,
  decodeMarketEvent,
  decodeUserEvent,
  orderStateFrom,
  orderStatusOf,
  parsePriceChangeSlow,
  priceChangeOfScratch,
  readPriceChange,
  tradeFills,
} from "./parse.js";
import {
  PolyBookSummary,
  PolyClobMarket,
  PolyErrorBody,
  PolyGammaMarket,
  PolyMarketSubscribe,
  PolyMarketSubscriptionUpdate,
  PolyOpenOrder,
  PolyOrderRequest,
  PolyOrderResponse,
  PolyUserSubscribe,
  PolyUserSubscriptionUpdate,
  PolyWsOrder,
  PolyWsTrade,
} from "./wire.js";

const load = (dir: string, f: string): unknown => fixtureJson("polymarket", dir, f);

/** Which parser reads which official example, by file name; a new file without a rule fails the test. */
function parserFor(dir: string, f: string): ((v: unknown) => boolean) | undefined {
  if (dir === "rest") {
    if (f.startsWith("book.response")) return (v) => PolyBookSummary.safeParse(v).success;
    if (f.startsWith("order.request")) return (v) => PolyOrderRequest.safeParse(v).success;
    if (f.startsWith("order.response.400")) return (v) => Object.values(v as object).every((e) => PolyErrorBody.safeParse(e).success);
    if (f.startsWith("order.response.")) return (v) => PolyOrderResponse.safeParse(v).success;
    return undefined;
  }
  if (f.includes("market_cmd_subscribe")) return (v) => PolyMarketSubscribe.safeParse(v).success;
  if (f.includes("market_cmd_subscription_update")) return (v) => PolyMarketSubscriptionUpdate.safeParse(v).success;
  if (f.includes("user_cmd_subscribe")) return (v) => PolyUserSubscribe.safeParse(v).success;
  if (f.includes("user_cmd_subscription_update")) return (v) => PolyUserSubscriptionUpdate.safeParse(v).success;
  if (f.includes("-market_")) return (v) => decodeMarketEvent(v).ok;
  if (f.includes("-user_")) return (v) => decodeUserEvent(v).ok;
  return undefined;
}

describe("official examples", () => {
  for (const dir of ["rest", "ws"]) {
    for (const f of fixtureFiles("polymarket", dir)) {
      it(`${dir}/${f} parses`, () => {
        const parse = parserFor(dir, f);
        expect(parse, "no parser rule for this file").toBeDefined();
        expect(parse?.(load(dir, f))).toBe(true);
      });
    }
  }

  it("reads prices with a missing leading 0 and sizes as integers", () => {
    const d = decodeMarketEvent(load("ws", "guide-market_book.json"));
    if (!d.ok || d.event.event_type !== "book") throw new Error("book");
    expect(d.event.bids).toEqual([
      { price: 4800, size: 3000 },
      { price: 4900, size: 2000 },
      { price: 5000, size: 1500 },
    ]);
    const pc = decodeMarketEvent(load("ws", "guide-market_price_change.json"));
    if (!pc.ok || pc.event.event_type !== "price_change") throw new Error("price_change");
    expect(pc.event.price_changes.map((c) => [c.side, c.price, c.size, c.best_bid, c.best_ask])).toEqual([
      ["BUY", 5000, 20_000, 5000, 10_000],
      ["SELL", 5000, 20_000, 0, 5000],
    ]);
  });

  it("maps the documented 400 bodies to codes", () => {
    const bodies = load("rest", "order.response.400_examples.docs.json") as Record<string, unknown>;
    const codes = Object.fromEntries(Object.entries(bodies).map(([k, b]) => [k, errorFromStatus(400, b, "order").code]));
    expect(codes).toEqual({
      invalid_payload: "POLYMARKET_INVALID_ORDER",
      owner_mismatch: "POLYMARKET_UNAUTHORIZED",
      signer_mismatch: "POLYMARKET_UNAUTHORIZED",
      banned_address: "POLYMARKET_ACCOUNT_RESTRICTED",
      closed_only_mode: "POLYMARKET_ACCOUNT_RESTRICTED",
      invalid_order: "POLYMARKET_INVALID_ORDER",
    });
    expect(Object.values(bodies).every((b) => errorFromStatus(400, b, "order").outcome === "rejected")).toBe(true);
  });
});

describe("strict decimals", () => {
  const book = (price: string, size: string) => ({
    event_type: "book",
    asset_id: "1",
    market: "0x",
    bids: [{ price, size }],
    asks: [],
    timestamp: "1",
    hash: "h",
  });
  it("rejects a price with more than 4 decimals or a size with more than 2, never rounds", () => {
    expect(decodeMarketEvent(book("0.48", "30")).ok).toBe(true);
    expect(decodeMarketEvent(book("0.48000", "30.000")).ok).toBe(true);
    expect(decodeMarketEvent(book("0.12345", "30")).ok).toBe(false);
    expect(decodeMarketEvent(book("0.48", "30.001")).ok).toBe(false);
    expect(decodeMarketEvent(book("1.00", "30")).ok).toBe(false);
    expect(decodeMarketEvent(book("0.48", "-1")).ok).toBe(false);
    expect(decodeMarketEvent(book("4.8e-1", "30")).ok).toBe(false);
  });

  it("reads compact market info and Gamma's JSON-encoded arrays", () => {
    const m = PolyClobMarket.parse({
      c: "0xc",
      t: [
        { t: "1", o: "Yes" },
        { t: "2", o: "No" },
      ],
      mts: 0.01,
      nr: true,
      fd: { r: 0.05, e: 1, to: true },
      mos: 5,
      r: null,
    });
    expect(m).toMatchObject({ mts: 100, nr: true, fd: { r: 50_000, e: 1 }, mos: 500 });
    const g = PolyGammaMarket.parse({
      id: "1",
      conditionId: "0xc",
      outcomes: '["Yes","No"]',
      outcomePrices: '["0.52","0.48"]',
      clobTokenIds: '["1","2"]',
      negRisk: false,
      orderPriceMinTickSize: 0.001,
      orderMinSize: 5,
    });
    expect(g).toMatchObject({ outcomes: ["Yes", "No"], clobTokenIds: ["1", "2"], orderPriceMinTickSize: 10, orderMinSize: 500 });
    expect(PolyGammaMarket.safeParse({ id: "1", conditionId: "0xc", clobTokenIds: "[1,2" }).success).toBe(false);
  });
});

describe("price_change fast path", () => {
  const decimal = fc.oneof(
    fc.tuple(fc.nat(10_000), fc.nat(999_999)).map(([w, f]) => `${w % 3}.${f}`),
    fc.nat(100_000).map((n) => String(n)),
    fc.constantFrom(".48", "0.5", "1", "0", "0.0001", "0.99990", "0.12345", "-0.5", "+0.5", "", ".", "1e-3", " 0.5", "0.5 ", "00.50", "200.001"),
    fc.string({ maxLength: 6 }),
  );
  const anyValue = fc.oneof(decimal, fc.jsonValue({ maxDepth: 1 }));
  const entry = fc.record(
    {
      asset_id: fc.oneof(fc.constantFrom("7132", "5211", ""), anyValue),
      price: fc.oneof(decimal, anyValue),
      size: fc.oneof(decimal, anyValue),
      side: fc.oneof(fc.constantFrom("BUY", "SELL", "buy"), anyValue),
      hash: fc.oneof(fc.string({ maxLength: 8 }), anyValue),
      best_bid: fc.oneof(decimal, anyValue),
      best_ask: fc.oneof(decimal, anyValue),
    },
    { requiredKeys: [] },
  );
  const wellFormedEntry = fc.record({
    asset_id: fc.constantFrom("7132", "5211"),
    price: decimal,
    size: decimal,
    side: fc.constantFrom("BUY", "SELL"),
    hash: fc.string({ maxLength: 8 }),
  });
  const validEntry = fc.record(
    {
      asset_id: fc.constantFrom("7132", "5211"),
      price: fc.integer({ min: 1, max: 9_999 }).map((p) => intToDecimal(p, 4)),
      size: fc.nat(1_000_000).map((s) => intToDecimal(s, 2)),
      side: fc.constantFrom("BUY", "SELL"),
      hash: fc.string({ maxLength: 8 }),
      best_bid: fc.integer({ min: 0, max: 10_000 }).map((p) => intToDecimal(p, 4)),
      best_ask: fc.oneof(fc.constant("1"), decimal),
    },
    { requiredKeys: ["asset_id", "price", "size", "side", "hash"] },
  );
  const validFrame = fc.record({
    event_type: fc.constant("price_change"),
    market: fc.string({ maxLength: 6 }),
    price_changes: fc.array(validEntry, { maxLength: 4 }),
    timestamp: fc.nat().map(String),
  });
  const frame = fc.record(
    {
      event_type: fc.constantFrom("price_change", "price_change", "book"),
      market: fc.oneof(fc.string({ maxLength: 6 }), anyValue),
      price_changes: fc.oneof(fc.array(fc.oneof(entry, wellFormedEntry), { maxLength: 4 }), anyValue),
      timestamp: fc.oneof(fc.nat().map(String), fc.constantFrom("", "12345678901234567", "1.5", "-1"), anyValue),
    },
    { requiredKeys: ["event_type"] },
  );

  it("accepts exactly what the zod schema accepts, with the same values", () => {
    const s = new PriceChangeScratch();
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(validFrame, frame, anyValue), (v) => {
        const slow = parsePriceChangeSlow(v);
        const fast = readPriceChange(v, s) === undefined ? priceChangeOfScratch(s) : undefined;
        if (slow !== undefined) accepted++;
        expect(fast).toEqual(slow);
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

describe("user channel → ports", () => {
  const token = { market: "0xbd31", outcome: "yes" as const };

  it("maps an order event, flipping the outcome of a SELL and the price of a NO token", () => {
    const o = PolyWsOrder.parse(load("ws", "asyncapi-user_order.json"));
    expect(orderStateFrom(o, token, "cid-1")).toEqual({
      orderId: o.id,
      clientOrderId: "cid-1",
      market: "0xbd31",
      outcome: "no",
      status: "resting",
      yesPriceUnits: 5700,
      initialHundredths: 1000,
      filledHundredths: 0,
      remainingHundredths: 1000,
    });
    expect(orderStateFrom({ ...o, side: "BUY" }, { market: "0xbd31", outcome: "no" }, "c").yesPriceUnits).toBe(4300);
    expect(orderStateFrom({ ...o, type: "CANCELLATION" }, token, "c").status).toBe("canceled");
  });

  // A killed FOK as the user channel sends it (nautilus_trader's ws_user_order_fok_killed.json): "" for
  // size_matched and the reason after the status. The rest of the frame is the docs' example.
  const KILLED_STATUS = "CANCELED_order couldn't be fully filled. FOK orders are fully filled or killed.";
  const killedFok = (): Record<string, unknown> => ({ ...(load("ws", "asyncapi-user_order.json") as object), size_matched: "", status: KILLED_STATUS });

  it("reads a killed FOK as canceled with nothing filled, not as a malformed event", () => {
    const d = decodeUserEvent(killedFok());
    expect(d.ok).toBe(true);
    if (!d.ok || d.event.event_type !== "order") return;
    expect(d.event.size_matched).toBe(0);
    expect(orderStateFrom(d.event, token, "c")).toMatchObject({ status: "canceled", initialHundredths: 1000, filledHundredths: 0, remainingHundredths: 0 });
  });

  it.each([
    [KILLED_STATUS, "CANCELED"],
    ["CANCELED_MARKET_RESOLVED_resolved at block 12345", "CANCELED_MARKET_RESOLVED"],
    ["CANCELED_MARKET_RESOLVED", "CANCELED_MARKET_RESOLVED"],
    ["UNMATCHED_insufficient liquidity", "UNMATCHED"],
    ["UNMATCHED_invalid post-only order: order crosses book", "UNMATCHED"],
    ["LIVE", "LIVE"],
    ["live", "LIVE"],
    ["MATCHED", "MATCHED"],
    ["delayed", "DELAYED"],
    ["CANCELLED", "CANCELLED"],
    ["LIVELY", undefined],
    ["CANCEL", undefined],
    ["", undefined],
  ])("reads status %j as %s", (raw, expected) => {
    expect(orderStatusOf(raw)).toBe(expected);
  });

  it("maps every ended status, with or without a reason, to canceled; MATCHED to executed; LIVE to resting", () => {
    const o = PolyWsOrder.parse(load("ws", "asyncapi-user_order.json"));
    const statusFor = (status: string) => orderStateFrom({ ...o, status }, token, "c").status;
    for (const s of [KILLED_STATUS, "CANCELED_MARKET_RESOLVED_resolved at block 12345", "UNMATCHED_insufficient liquidity", "CANCELED", "INVALID"]) {
      expect(statusFor(s)).toBe("canceled");
    }
    expect(statusFor("MATCHED")).toBe("executed");
    expect(statusFor("LIVE")).toBe("resting");
  });

  it("reads the same killed FOK from the REST order lookup (GET /data/order)", () => {
    const o = PolyOpenOrder.parse(killedFok());
    expect(orderStateFrom(o, token, "c")).toMatchObject({ status: "canceled", filledHundredths: 0, remainingHundredths: 0 });
  });

  it("reports our taker and our maker sides of a trade, and nothing of someone else's", () => {
    const t = PolyWsTrade.parse(load("ws", "asyncapi-user_trade.json"));
    const tokenOf = () => token;
    const ours = tradeFills(t, tokenOf, t.owner, () => "cid-t", 1);
    expect(ours.map((f) => [f.isTaker, f.orderId, f.sizeHundredths, f.outcome])).toEqual([
      [true, t.taker_order_id, 1000, "yes"],
      [false, t.maker_orders[0]?.order_id, 1000, "no"],
    ]);
    expect(tradeFills(t, tokenOf, "someone-else", () => undefined, 1)).toEqual([]);
    // A FAILED trade names the same fills (same ids) as its MATCHED status did, so they can be taken back exactly.
    expect(tradeFills({ ...t, status: "FAILED" }, tokenOf, t.owner, () => "cid-t", 1)).toEqual(ours);
  });

  it("reports no fill for a maker part of zero shares (fuzz: it would make the real fill of its trade a duplicate)", () => {
    const t = PolyWsTrade.parse(load("ws", "asyncapi-user_trade.json"));
    const maker = t.maker_orders[0];
    if (maker === undefined) throw new Error("the venue's example has a maker order");
    const empty = { ...t, maker_orders: [{ ...maker, matched_amount: 0 }] };
    expect(
      tradeFills(
        empty,
        () => token,
        t.owner,
        () => "cid-t",
        1,
      ).map((f) => f.isTaker),
    ).toEqual([true]);
  });

  it("refuses a user trade of zero shares (its fill would make the real one a duplicate)", () => {
    const raw = load("ws", "asyncapi-user_trade.json") as Record<string, unknown>;
    expect(PolyWsTrade.safeParse({ ...raw, size: "0" }).success).toBe(false);
    expect(PolyWsTrade.safeParse({ ...raw, size: "0.000001" }).success).toBe(true);
  });
});
