import { intToDecimal } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIDE_NO, SIDE_YES } from "./book.js";
import { createDeltaFields, readDelta } from "./fast-delta.js";
import { KalshiWsDelta } from "./wire.js";

/** The property: readDelta accepts exactly what the zod schema accepts, with the same integers. */
function agrees(value: unknown): void {
  const out = createDeltaFields();
  const fast = readDelta(value, out);
  const oracle = KalshiWsDelta.safeParse(value);
  expect(fast).toBe(oracle.success);
  if (oracle.success) {
    const d = oracle.data;
    expect(out).toEqual({
      sid: d.sid,
      seq: d.seq,
      ticker: d.msg.market_ticker,
      side: d.msg.side === "yes" ? SIDE_YES : SIDE_NO,
      priceUnits: d.msg.price_dollars,
      deltaHundredths: d.msg.delta_fp,
    });
  }
}

const priceText = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((p) => intToDecimal(p, 4)),
  fc.integer({ min: 0, max: 1_000 }).map((p) => intToDecimal(p, 3)),
  fc.integer({ min: -100, max: 100 }).map((p) => intToDecimal(p, 2)),
  fc.constantFrom("0.96", ".5", "1", "0.12345", "0.4200000", "abc", "", "-0.0001"),
);
const deltaText = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => intToDecimal(n, 2)),
  fc.constantFrom("10", "-3.5", "1.234", "1e3", "NaN", "", "+4.00"),
);

const validish = fc.record({
  type: fc.constant("orderbook_delta"),
  sid: fc.integer({ min: 1, max: 1_000_000 }),
  seq: fc.integer({ min: 1, max: 1_000_000_000 }),
  msg: fc.record({
    market_ticker: fc.stringMatching(/^[A-Z0-9.-]{1,24}$/),
    market_id: fc.uuid(),
    price_dollars: priceText,
    delta_fp: deltaText,
    side: fc.constantFrom("yes", "no"),
    ts: fc.constant("2022-11-22T20:44:01Z"),
    ts_ms: fc.integer({ min: 0 }),
  }),
});

type Frame = Record<string, unknown> & { msg: Record<string, unknown> };

const mutation = fc.oneof(
  fc.record({
    where: fc.constantFrom("top", "msg"),
    key: fc.constantFrom("type", "sid", "seq", "msg", "market_ticker", "side", "price_dollars", "delta_fp"),
    value: fc.anything(),
  }),
  fc.record({
    where: fc.constantFrom("top", "msg"),
    key: fc.constantFrom("type", "sid", "seq", "msg", "market_ticker", "side", "price_dollars", "delta_fp"),
    value: fc.constant(undefined),
  }),
  fc.record({
    where: fc.constant("top"),
    key: fc.constantFrom("sid", "seq"),
    value: fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, "1", null, Number.NaN),
  }),
);

function mutate(frame: Frame, m: { where: string; key: string; value: unknown }): unknown {
  const copy: Frame = { ...frame, msg: { ...frame.msg } };
  const target: Record<string, unknown> = m.where === "top" ? copy : copy.msg;
  if (m.value === undefined) delete target[m.key];
  else target[m.key] = m.value;
  return copy;
}

describe("readDelta (fast path) against the KalshiWsDelta schema", () => {
  it("parses the official example", async () => {
    const out = createDeltaFields();
    const example = {
      type: "orderbook_delta",
      sid: 2,
      seq: 3,
      msg: {
        market_ticker: "FED-23DEC-T3.00",
        market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
        price_dollars: "0.960",
        delta_fp: "-54.00",
        side: "yes",
        ts: "2022-11-22T20:44:01Z",
        ts_ms: 1669149841000,
      },
    };
    expect(readDelta(example, out)).toBe(true);
    expect(out).toEqual({ sid: 2, seq: 3, ticker: "FED-23DEC-T3.00", side: SIDE_YES, priceUnits: 9600, deltaHundredths: -5400 });
  });

  it("agrees on valid and near-valid frames", () => {
    fc.assert(fc.property(validish, agrees), { numRuns: 5_000 });
  });

  it("agrees on mutated frames", () => {
    fc.assert(
      fc.property(validish, mutation, (f, m) => agrees(mutate(f as Frame, m))),
      { numRuns: 5_000 },
    );
  });

  it("agrees on random JSON and arbitrary values", () => {
    fc.assert(fc.property(fc.jsonValue(), agrees), { numRuns: 2_000 });
    fc.assert(fc.property(fc.anything(), agrees), { numRuns: 2_000 });
    fc.assert(fc.property(fc.record({ type: fc.constant("orderbook_delta"), sid: fc.jsonValue(), seq: fc.jsonValue(), msg: fc.jsonValue() }), agrees), {
      numRuns: 2_000,
    });
  });

  it("agrees on frames that went through JSON text", () => {
    fc.assert(
      fc.property(validish, mutation, (f, m) => agrees(JSON.parse(JSON.stringify(mutate(f as Frame, m)) ?? "null"))),
      { numRuns: 2_000 },
    );
  });
});
