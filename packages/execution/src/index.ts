export {
  ExecutionConfig,
  type ExecutionConfigInput,
  PairSpec,
  type PairSpecInput,
  RiskLimits,
  BreakerLimits,
  VenueRules,
  ExecutionSettings,
} from "./config.js";
export { createExecutionEngine, type ExecutionEngine, type EngineOptions, type EngineVenue, type ReconcileReport } from "./engine.js";
export type { ExecutionEvent, Alert, AlertKind, RejectReason } from "./events.js";
export { Ledger, type LedgerOptions, type HoldingRow, type DailyPnlRow, type BreakerEventRow } from "./ledger/sqlite.js";
export { createAlertSink, type AlertSink, type AlertSinkOptions } from "./alerts.js";
export { transition, transitionOrThrow, IllegalTransitionError, TERMINAL, type OrderStatus, type OrderInput } from "./order-fsm.js";
export { planSize, computeLegCost, type LegDepth, type SizePlan } from "./sizing.js";
export { checkRisk, computeFillProbabilityPpm, type RiskReason, type RiskDecision } from "./risk.js";
export { applyBreaker, initialBreaker, type BreakerState, type BreakerReason } from "./breaker.js";
export {
  applyFill,
  foldFills,
  computePairMetrics,
  computeMarkToMarketMicros,
  computeSettlementMicros,
  type PairPosition,
  type PairMetrics,
} from "./positions.js";
export { type Game, type GameMetrics, type Holdings, gameMetrics, gamesOf, holdingOf, pairView, parseHolding, unmappedMetrics } from "./holdings.js";
export { planResolve, type ResolvePlan } from "./unwind.js";
export { planReconcile, diffHoldings, type Difference } from "./reconcile.js";
export { step, createExecState } from "./step.js";
export type { ExecState, EngineInput, Command, OrderRow, FillRow, ArbRow } from "./state.js";
export { kalshiExecVenue, kalshiDepth } from "./venue/kalshi.js";
export { polymarketExecVenue, polymarketDepth, polymarketFillFeeMicros } from "./venue/polymarket.js";
export type { ExecVenue, DepthSource } from "./venue/port.js";
export { PaperExec, paperExecVenue, type PaperOptions } from "./paper/exec.js";
export { measureDecisionLatency, measureLedgerWrites, type LatencySamples, type SimLike } from "./bench.js";
