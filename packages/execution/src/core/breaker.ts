import type { BreakerLimits } from "../config.js";

/**
 * The circuit breaker as a reducer. Tripped = no new entries; hedges and unwinds go on. A trip on errors resets after
 * the cooldown (when one is configured); every other trip waits for a person; every trip and reset is an effect the
 * shell logs and persists.
 */

export type BreakerReason = "POSITION_MARKET" | "POSITION_TOTAL" | "DAILY_LOSS" | "CONSECUTIVE_ERRORS" | "MANUAL";

export interface BreakerState {
  readonly tripped: { readonly reason: BreakerReason; readonly detail: string; readonly atMs: number; readonly untilMs: number } | undefined;
  readonly consecutiveErrors: number;
  /** UTC day the loss counter belongs to (days since the epoch). */
  readonly day: number;
  readonly dailyLossMicros: number;
  /** What the unmatched contracts held now would lose if sold at their bids: counts toward the daily loss while open. */
  readonly openLossMicros: number;
}

export type BreakerInput =
  | { readonly kind: "error" }
  | { readonly kind: "success" }
  | { readonly kind: "loss"; readonly micros: number }
  /** The mark-to-market loss of the open exposure now (replaces the previous figure). */
  | { readonly kind: "open-loss"; readonly micros: number }
  | { readonly kind: "positions"; readonly maxMarketHundredths: number; readonly market: string; readonly totalCostMicros: number }
  | { readonly kind: "trip"; readonly detail: string }
  | { readonly kind: "reset" }
  | { readonly kind: "tick" };

export type BreakerEffect =
  | { readonly kind: "breaker.tripped"; readonly reason: BreakerReason; readonly detail: string; readonly atMs: number; readonly untilMs: number }
  | { readonly kind: "breaker.reset"; readonly cause: "manual" | "cooldown"; readonly atMs: number };

export const DAY_MS = 86_400_000;
/** No automatic reset. */
export const UNTIL_RESET = Number.MAX_SAFE_INTEGER;

export function initialBreaker(nowMs: number): BreakerState {
  return { tripped: undefined, consecutiveErrors: 0, day: Math.floor(nowMs / DAY_MS), dailyLossMicros: 0, openLossMicros: 0 };
}

/**
 * Trips that time may clear. A run of errors is usually the venue's passing trouble (an outage, a rate limit), so
 * trading may try again after the cooldown. Money lost, positions over a limit and a hand-made trip do not go away
 * by waiting: each needs someone to look, so they reset by hand only.
 */
const COOLS_DOWN: ReadonlySet<BreakerReason> = new Set(["CONSECUTIVE_ERRORS"]);

/** Realized losses of the day and the open exposure's mark-to-market loss together, against the daily limit. */
function lossCheck(s: BreakerState, nowMs: number, limits: BreakerLimits): { state: BreakerState; effects: BreakerEffect[] } {
  const lost = s.dailyLossMicros + s.openLossMicros;
  return lost >= limits.maxDailyLossMicros
    ? trip(s, "DAILY_LOSS", `${s.dailyLossMicros} micros lost today, ${s.openLossMicros} open`, nowMs, limits)
    : { state: s, effects: [] };
}

function trip(s: BreakerState, reason: BreakerReason, detail: string, nowMs: number, limits: BreakerLimits): { state: BreakerState; effects: BreakerEffect[] } {
  if (s.tripped !== undefined) return { state: s, effects: [] };
  const untilMs = limits.cooldownMs > 0 && COOLS_DOWN.has(reason) ? nowMs + limits.cooldownMs : UNTIL_RESET;
  return { state: { ...s, tripped: { reason, detail, atMs: nowMs, untilMs } }, effects: [{ kind: "breaker.tripped", reason, detail, atMs: nowMs, untilMs }] };
}

export function applyBreaker(prev: BreakerState, input: BreakerInput, nowMs: number, limits: BreakerLimits): { state: BreakerState; effects: BreakerEffect[] } {
  const day = Math.floor(nowMs / DAY_MS);
  const s: BreakerState = day === prev.day ? prev : { ...prev, day, dailyLossMicros: 0 };
  switch (input.kind) {
    case "error": {
      const n = s.consecutiveErrors + 1;
      const next = { ...s, consecutiveErrors: n };
      return n >= limits.maxConsecutiveErrors ? trip(next, "CONSECUTIVE_ERRORS", `${n} errors in a row`, nowMs, limits) : { state: next, effects: [] };
    }
    case "success":
      return { state: s.consecutiveErrors === 0 ? s : { ...s, consecutiveErrors: 0 }, effects: [] };
    case "loss":
      return lossCheck({ ...s, dailyLossMicros: s.dailyLossMicros + Math.max(0, input.micros) }, nowMs, limits);
    case "open-loss":
      return input.micros === s.openLossMicros ? { state: s, effects: [] } : lossCheck({ ...s, openLossMicros: Math.max(0, input.micros) }, nowMs, limits);
    case "positions":
      if (input.maxMarketHundredths > limits.maxPositionMarketHundredths) {
        return trip(s, "POSITION_MARKET", `${input.market}: ${input.maxMarketHundredths} hundredths`, nowMs, limits);
      }
      if (input.totalCostMicros > limits.maxPositionTotalMicros) return trip(s, "POSITION_TOTAL", `${input.totalCostMicros} micros held`, nowMs, limits);
      return { state: s, effects: [] };
    case "trip":
      return trip(s, "MANUAL", input.detail, nowMs, limits);
    case "reset":
      return s.tripped === undefined
        ? { state: s, effects: [] }
        : { state: { ...s, tripped: undefined, consecutiveErrors: 0 }, effects: [{ kind: "breaker.reset", cause: "manual", atMs: nowMs }] };
    case "tick":
      return s.tripped !== undefined && nowMs >= s.tripped.untilMs
        ? { state: { ...s, tripped: undefined, consecutiveErrors: 0 }, effects: [{ kind: "breaker.reset", cause: "cooldown", atMs: nowMs }] }
        : { state: s, effects: [] };
  }
}
