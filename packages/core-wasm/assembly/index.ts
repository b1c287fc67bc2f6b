// Public surface of the detection core module; see ../README.md for the contract.
export {
  reserve, layoutVersion, capacity, pairCount, scheduleCount, askOff, effOff, sizeOff, schedKOff, schedPOff,
  inflightOff, coolingOff, coolUntilOff, outOff, resultOff, feeTabOff,
} from "./layout";
export {
  addSchedule, perContractFeeUnits, kalshiTradeFeeMicros, kalshiOrderCostMicros, polymarketOrderFeeMicros,
} from "./fees";
export { addPair, setPairFees, refreshPair, refreshAll } from "./book";
export { setMinEdge, checkPair, scan } from "./detect";
export { tryAcquire, release, isInFlight } from "./inflight";
