// TS twin of assembly/fees.ts. The exact per-order functions are @arb/domain's (BigInt), the oracle for all.
import { type FeeSchedule, ONE_DOLLAR_UNITS, perContractFeeUnits } from "@arb/domain";

export { kalshiOrderCostMicros, kalshiTradeFeeMicros, perContractFeeUnits, polymarketOrderFeeMicros } from "@arb/domain";

/** The per-price table the detector reads: fee units at every price 0..10 000. */
export function buildFeeTable(schedule: FeeSchedule): Uint16Array {
  const tab = new Uint16Array(ONE_DOLLAR_UNITS + 1);
  for (let p = 0; p <= ONE_DOLLAR_UNITS; p++) tab[p] = perContractFeeUnits(schedule, p);
  return tab;
}
