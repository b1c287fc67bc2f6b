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
export { createExecutionEngine, type ExecutionEngine, type EngineOptions, type EngineVenue, type ReconcileReport } from "./shell/engine.js";
export type { ExecutionEvent, Alert, AlertKind, RejectReason } from "./events.js";
export { Ledger, type LedgerOptions, type HoldingRow, type DailyPnlRow, type BreakerEventRow } from "./ledger/sqlite.js";
export { createAlertSink, type AlertSink, type AlertSinkOptions } from "./alerts.js";
export { transition, transitionOrThrow, IllegalTransitionError, TERMINAL, type OrderLifecycle, type OrderInput } from "./core/order-fsm.js";
export { planSize, computeLegCost, type LegDepth, type SizePlan } from "./core/sizing.js";
export { checkRisk, computeFillProbabilityPpm, type RiskReason, type RiskDecision } from "./core/risk.js";
export { applyBreaker, initialBreaker, type BreakerState, type BreakerReason } from "./core/breaker.js";
export {
  applyFill,
  foldFills,
  computePairMetrics,
  computeMarkToMarketMicros,
  computeSettlementMicros,
  type PairPosition,
  type PairMetrics,
} from "./core/positions.js";
export { type Game, type GameMetrics, type Holdings, gameMetrics, gamesOf, holdingOf, pairView, parseHolding, unmappedMetrics } from "./core/holdings.js";
export { planResolve, type ResolvePlan } from "./core/unwind.js";
export { planReconcile, diffHoldings, type Difference } from "./core/reconcile.js";
export { step, createExecState } from "./core/dispatch.js";
export type { ExecState, EngineInput, Command, OrderRow, FillRow, ArbRow } from "./core/state.js";
export { kalshiExecVenue, kalshiDepth } from "./venue/kalshi.js";
export { polymarketExecVenue, polymarketDepth, polymarketFillFeeMicros } from "./venue/polymarket.js";
export type { ExecVenue, DepthSource } from "./venue/port.js";
export { PaperExec, paperExecVenue, type PaperOptions } from "./paper/exec.js";
export { measureDecisionLatency, measureLedgerWrites, type LatencySamples, type SimLike } from "./bench.js";
export { DecisionWarmer } from "./shell/warmup.js";
export { type TapeLine, type TapeStep, type TapeRead, canonicalJson, digestOf } from "./shell/tape.js";
export { replayTape, type TapeReplayResult, type TapeDivergence } from "./shell/tape-replay.js";
export { stepContext } from "./core/state.js";
