import type { ArbRow, OrderRow } from "../src/core/state.js";

/** Ledger rows for tests that write the ledger directly: an open cross-venue arb on pair 3… */
export const arb = (arbId: string): ArbRow => ({
  arbId,
  pair: 3,
  eventId: "E",
  legs: [
    { venue: "kalshi", market: "K-A", outcome: "yes" },
    { venue: "polymarket", market: "0xc", outcome: "no" },
  ],
  type: "kalshi_yes_poly_no",
  mode: "concurrent",
  plannedHundredths: 1000,
  expectedProfitMicros: 640_000,
  status: "open",
  pendingSecond: undefined,
  resolveAttempts: 0,
  pnlMicros: 0,
  unwindLossMicros: 0,
  createdMs: 1,
  deadlineMs: 5_001,
  closedMs: undefined,
});

/** …and its two entry orders, `n` 1 on Kalshi and 2 on Polymarket. */
export const order = (arbId: string, n: number): OrderRow => ({
  clientOrderId: `${arbId}-${n}`,
  arbId,
  role: "entry",
  venue: n === 1 ? "kalshi" : "polymarket",
  market: n === 1 ? "KXNBAGAME-26NOV25LALBOS-LAL" : "0xabc",
  pair: 3,
  leg: n === 1 ? 0 : 3,
  outcome: n === 1 ? "yes" : "no",
  action: "buy",
  priceUnits: 4500,
  sizeHundredths: 1000,
  timeInForce: "fill_or_kill",
  status: "new",
  venueOrderId: undefined,
  filledHundredths: 0,
  venueFilledHundredths: 0,
  costMicros: 0,
  feeMicros: 0,
  cancelRequested: false,
  errorCode: undefined,
  createdMs: 1,
  updatedMs: 1,
});
