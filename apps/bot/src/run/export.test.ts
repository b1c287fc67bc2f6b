import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArbRow, type FillRow, Ledger, type OrderRow } from "@arb/execution";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ExportError, contracts, csvField, fixed, priceUsd, runExport, tablesOf, usd } from "./export.js";

const dir = mkdtempSync(join(tmpdir(), "bot-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("integer money formatting", () => {
  it("places the point by digits: negatives, zero, the largest exact integer", () => {
    expect(usd(-5)).toBe("-0.000005");
    expect(usd(0)).toBe("0.000000");
    expect(usd(-0)).toBe("0.000000");
    expect(usd(-1_000_000)).toBe("-1.000000");
    expect(usd(123_456_789)).toBe("123.456789");
    expect(usd(Number.MAX_SAFE_INTEGER)).toBe("9007199254.740991");
    expect(usd(-Number.MAX_SAFE_INTEGER)).toBe("-9007199254.740991");
    expect(priceUsd(4500)).toBe("0.4500");
    expect(priceUsd(10_000)).toBe("1.0000");
    expect(priceUsd(1)).toBe("0.0001");
    expect(contracts(1050)).toBe("10.50");
    expect(contracts(7)).toBe("0.07");
    expect(contracts(-250)).toBe("-2.50");
  });

  it("refuses what is not an exact integer rather than print a rounded figure", () => {
    for (const v of [0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => usd(v), String(v)).toThrow(RangeError);
  });

  it("reads back as the integer it was made from, at every scale", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 8 }), (v, digits) => {
        const s = fixed(v, digits);
        expect(s.split(".")[1]).toHaveLength(digits);
        expect(BigInt(s.replace(".", ""))).toBe(BigInt(v));
      }),
    );
  });
});

describe("CSV fields (RFC 4180)", () => {
  it("quotes a field with a comma, quote or line break, doubling its quotes; leaves others alone", () => {
    expect(csvField("K-A")).toBe("K-A");
    expect(csvField("")).toBe("");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
  });
});

describe("export options", () => {
  it("needs --csv and one of fills, arbs, both", () => {
    expect(tablesOf({ csv: true, what: "both" })).toEqual(["fills", "arbs"]);
    expect(tablesOf({ csv: true, what: "arbs" })).toEqual(["arbs"]);
    expect(() => tablesOf({ what: "both" })).toThrow(new ExportError("export writes CSV only: add --csv"));
    expect(() => tablesOf({ csv: true, what: "orders" })).toThrow(new ExportError("--what orders: fills, arbs or both"));
  });
});

const T = Date.UTC(2026, 11, 6, 12, 0, 0);

const arb = (over: Partial<ArbRow> & Pick<ArbRow, "arbId">): ArbRow => ({
  pair: 3,
  eventId: "E",
  legs: [],
  type: "kalshi_yes_poly_no",
  mode: "concurrent",
  plannedHundredths: 1000,
  expectedProfitMicros: 0,
  status: "open",
  pendingSecond: undefined,
  resolveAttempts: 0,
  pnlMicros: 0,
  unwindLossMicros: 0,
  createdMs: T,
  deadlineMs: T + 5_000,
  closedMs: undefined,
  ...over,
});

const order = (over: Partial<OrderRow> & Pick<OrderRow, "clientOrderId" | "arbId" | "venue" | "market" | "leg" | "outcome">): OrderRow => ({
  role: "entry",
  pair: 3,
  action: "buy",
  priceUnits: 4500,
  sizeHundredths: 1000,
  timeInForce: "fill_or_kill",
  status: "filled",
  venueOrderId: undefined,
  filledHundredths: 0,
  venueFilledHundredths: 0,
  costMicros: 0,
  feeMicros: 0,
  cancelRequested: false,
  errorCode: undefined,
  createdMs: T,
  updatedMs: T,
  ...over,
});

const fill = (over: Omit<FillRow, "cashMicros">): FillRow => ({ ...over, cashMicros: -(over.priceUnits * over.sizeHundredths + over.feeMicros) });

/**
 * A ledger as a run leaves it: a cross-venue arb closed (its Polymarket leg under an inverted key, that fill taken
 * back later) and an arb from before legs were stored, left exposed after a Kalshi sale of YES.
 */
function tradedLedger(path: string): Ledger {
  const ledger = new Ledger({ path });
  const f1 = fill({
    venue: "kalshi",
    fillId: 'k,1"x',
    clientOrderId: "a-1-1",
    venueOrderId: "ko-1",
    market: "K-A",
    pair: 3,
    leg: 0,
    priceUnits: 4500,
    sizeHundredths: 1000,
    feeMicros: 123_456,
    isTaker: true,
    tsMs: T + 100,
  });
  const f2 = fill({
    venue: "polymarket",
    fillId: "0xtrade",
    clientOrderId: "a-1-2",
    venueOrderId: "0xorder",
    market: "0xabc:inverted",
    pair: 3,
    leg: 3,
    priceUnits: 5000,
    sizeHundredths: 1050,
    feeMicros: 0,
    isTaker: false,
    tsMs: T + 200,
  });
  const f3 = fill({
    venue: "kalshi",
    fillId: "kf-3",
    clientOrderId: "a-2-3",
    venueOrderId: "ko-3",
    market: "K-B",
    pair: 4,
    leg: 1,
    priceUnits: 4000,
    sizeHundredths: 500,
    feeMicros: 5,
    isTaker: true,
    tsMs: T + 3_000,
  });
  const legs: ArbRow["legs"] = [
    { venue: "kalshi", market: "K-A", outcome: "yes" },
    { venue: "polymarket", market: "0xabc:inverted", outcome: "no" },
  ];
  ledger.apply([
    { kind: "arb", row: arb({ arbId: "a-1", legs, expectedProfitMicros: 640_000 }) },
    { kind: "order", row: order({ clientOrderId: "a-1-1", arbId: "a-1", venue: "kalshi", market: "K-A", leg: 0, outcome: "yes" }) },
    {
      kind: "order",
      row: order({ clientOrderId: "a-1-2", arbId: "a-1", venue: "polymarket", market: "0xabc:inverted", leg: 3, outcome: "no", priceUnits: 5000 }),
    },
  ]);
  ledger.apply([
    { kind: "fill", row: f1 },
    { kind: "fill", row: f2 },
    { kind: "arb", row: arb({ arbId: "a-1", legs, status: "closed", expectedProfitMicros: 640_000, pnlMicros: 512_345, closedMs: T + 1_500 }) },
  ]);
  ledger.apply([{ kind: "fill-reversed", row: f2, tsMs: T + 900 }]);
  const a2 = { arbId: "a-2", pair: 4, type: "kalshi_same_market", plannedHundredths: 500, expectedProfitMicros: 25_000, createdMs: T + 2_000 } as const;
  ledger.apply([
    { kind: "arb", row: arb(a2) },
    {
      kind: "order",
      row: order({ clientOrderId: "a-2-1", arbId: "a-2", pair: 4, venue: "kalshi", market: "K-B", leg: 0, outcome: "yes", createdMs: T + 2_000 }),
    },
    {
      kind: "order",
      row: order({ clientOrderId: "a-2-2", arbId: "a-2", pair: 4, venue: "kalshi", market: "K-B", leg: 1, outcome: "no", createdMs: T + 2_000 }),
    },
    // The unwind sells the YES held: its fills are booked as NO bought at $1 − the sale price.
    {
      kind: "order",
      row: order({
        clientOrderId: "a-2-3",
        arbId: "a-2",
        pair: 4,
        role: "unwind",
        venue: "kalshi",
        market: "K-B",
        leg: 1,
        outcome: "yes",
        action: "sell",
        priceUnits: 6000,
        createdMs: T + 2_900,
      }),
    },
    { kind: "fill", row: f3 },
    { kind: "arb", row: arb({ ...a2, status: "exposed", pnlMicros: -5, unwindLossMicros: 12_500, closedMs: T + 4_000 }) },
  ]);
  return ledger;
}

const FILLS = [
  "time,venue,market,pair,outcome,side,price_usd,contracts,fee_usd,cash_usd,liquidity,client_order_id,venue_order_id,fill_id,reversed",
  '2026-12-06T12:00:00.100Z,kalshi,K-A,3,YES,buy YES,0.4500,10.00,0.123456,-4.623456,taker,a-1-1,ko-1,"k,1""x",',
  "2026-12-06T12:00:00.200Z,polymarket,0xabc,3,YES,buy YES,0.5000,10.50,0.000000,-5.250000,maker,a-1-2,0xorder,0xtrade,2026-12-06T12:00:00.900Z",
  "2026-12-06T12:00:03.000Z,kalshi,K-B,4,NO,sell YES,0.4000,5.00,0.000005,-2.000005,taker,a-2-3,ko-3,kf-3,",
];
const ARBS = [
  "arb_id,created,closed,type,pair,status,planned_contracts,expected_profit_usd,locked_pnl_usd,unwind_loss_usd,legs",
  "a-1,2026-12-06T12:00:00.000Z,2026-12-06T12:00:01.500Z,kalshi_yes_poly_no,3,closed,10.00,0.640000,0.512345,0.000000,kalshi:K-A:yes|polymarket:0xabc:yes",
  "a-2,2026-12-06T12:00:02.000Z,2026-12-06T12:00:04.000Z,kalshi_same_market,4,exposed,5.00,0.025000,-0.000005,0.012500,kalshi:K-B:yes|kalshi:K-B:no",
];
const lines = (rows: readonly string[]) => rows.map((r) => `${r}\r\n`).join("");
const mode = (p: string) => statSync(p).mode & 0o777;

describe("bot export --csv", () => {
  const ledger = tradedLedger(join(dir, "ledger.sqlite"));
  afterAll(() => ledger.close());

  it("writes fills then arbs to stdout, a blank line between, amounts exact and venue-named", () => {
    let text = "";
    expect(runExport(ledger, { tables: ["fills", "arbs"], out: undefined, stdout: { write: (s: string) => (text += s) } })).toEqual([]);
    expect(text).toBe(`${lines(FILLS)}\r\n${lines(ARBS)}`);
  });

  it("writes fills.csv and arbs.csv into a folder, owner-only even over an earlier export left readable", () => {
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "arbs.csv"), "old");
    chmodSync(join(out, "arbs.csv"), 0o644);
    const written = runExport(ledger, { tables: ["fills", "arbs"], out, stdout: { write: () => expect.fail("nothing to stdout") } });
    expect(written).toEqual([`3 fills → ${join(out, "fills.csv")}`, `2 arbs → ${join(out, "arbs.csv")}`]);
    expect(readFileSync(join(out, "fills.csv"), "utf8")).toBe(lines(FILLS));
    expect(readFileSync(join(out, "arbs.csv"), "utf8")).toBe(lines(ARBS));
    expect([mode(join(out, "fills.csv")), mode(join(out, "arbs.csv"))]).toEqual([0o600, 0o600]);
  });

  it("writes the one table asked for to a file, and names a path it cannot write", () => {
    const file = join(dir, "arbs-only.csv");
    expect(runExport(ledger, { tables: ["arbs"], out: file, stdout: { write: () => expect.fail("nothing to stdout") } })).toEqual([`2 arbs → ${file}`]);
    expect(readFileSync(file, "utf8")).toBe(lines(ARBS));
    expect(mode(file)).toBe(0o600);
    const missing = join(dir, "no-such-folder", "x.csv");
    expect(() => runExport(ledger, { tables: ["fills"], out: missing, stdout: { write: () => true } })).toThrow(
      new ExportError(`--out ${missing}: cannot write it (ENOENT)`),
    );
  });
});
