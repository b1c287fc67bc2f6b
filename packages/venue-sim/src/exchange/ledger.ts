import { ONE_DOLLAR_UNITS } from "@arb/domain";
import type { BookSide } from "./book.js";
import { type FillCharge, computeFillCharge } from "./fee-charge.js";

/** YES and NO holdings of one market, in hundredths of a contract, kept apart (never netted here). */
export interface Position {
  readonly yesHundredths: number;
  readonly noHundredths: number;
}

export interface Account {
  readonly accountId: string;
  readonly precisionMicros: number;
  readonly balanceMicros: number;
  readonly feesPaidMicros: number;
  readonly positions: ReadonlyMap<string, Position>;
}

export const FLAT: Position = { yesHundredths: 0, noHundredths: 0 };

/** What one contract of this side costs at a YES price: a bid buys YES at p, an ask buys NO at $1 − p. */
function outcomePriceUnits(side: BookSide, yesPriceUnits: number): number {
  return side === "bid" ? yesPriceUnits : ONE_DOLLAR_UNITS - yesPriceUnits;
}

/** units × hundredths = micros exactly, so the notional needs no rounding. */
export function notionalMicros(side: BookSide, yesPriceUnits: number, countHundredths: number): number {
  return outcomePriceUnits(side, yesPriceUnits) * countHundredths;
}

export interface FillInput {
  readonly ticker: string;
  readonly side: BookSide;
  readonly yesPriceUnits: number;
  readonly countHundredths: number;
  readonly tradeFeeMicros: number;
  readonly accumulatorMicros: number;
}

/** Pure: books one fill on an account (cash with Kalshi's fee rounding, then the position). */
export function applyFill(account: Account, fill: FillInput): { account: Account; charge: FillCharge } {
  const charge = computeFillCharge({
    revenueMicros: -notionalMicros(fill.side, fill.yesPriceUnits, fill.countHundredths),
    tradeFeeMicros: fill.tradeFeeMicros,
    precisionMicros: account.precisionMicros,
    accumulatorMicros: fill.accumulatorMicros,
  });
  const before = account.positions.get(fill.ticker) ?? FLAT;
  const after: Position =
    fill.side === "bid"
      ? { ...before, yesHundredths: before.yesHundredths + fill.countHundredths }
      : { ...before, noHundredths: before.noHundredths + fill.countHundredths };
  const positions = new Map(account.positions);
  positions.set(fill.ticker, after);
  return {
    account: {
      ...account,
      balanceMicros: account.balanceMicros + charge.balanceChangeMicros,
      feesPaidMicros: account.feesPaidMicros + charge.netFeeMicros,
      positions,
    },
    charge,
  };
}

/** Pure: pays $1 per winning contract and clears the market's position. */
export function applySettlement(account: Account, ticker: string, result: "yes" | "no"): { account: Account; payoutMicros: number } {
  const pos = account.positions.get(ticker);
  if (pos === undefined) return { account, payoutMicros: 0 };
  const winning = result === "yes" ? pos.yesHundredths : pos.noHundredths;
  const payoutMicros = winning * ONE_DOLLAR_UNITS;
  const positions = new Map(account.positions);
  positions.delete(ticker);
  return { account: { ...account, balanceMicros: account.balanceMicros + payoutMicros, positions }, payoutMicros };
}
