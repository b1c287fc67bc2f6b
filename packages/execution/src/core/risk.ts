import type { RiskLimits } from "../config.js";
import { venueMarketOf } from "./legs.js";

/** Why an opportunity was refused; stable codes for logs, events and the dashboard. */
export type RiskReason =
  | "EDGE_TOO_SMALL"
  | "BOOK_STALE"
  | "SIZE_TOO_LARGE"
  | "EXPOSURE_MARKET"
  | "EXPOSURE_EVENT"
  | "EXPOSURE_TOTAL"
  | "MATCH_CONFIDENCE"
  | "FILL_PROBABILITY"
  | "GAME_STARTED"
  | "NOT_PERSISTED"
  | "BREAKER_TRIPPED"
  | "PAIR_IN_FLIGHT"
  | "UNKNOWN_PAIR";

export type RiskDecision = { readonly ok: true } | { readonly ok: false; readonly reason: RiskReason; readonly detail: string };

export interface RiskLeg {
  readonly market: string;
  /** Last update of this leg's book. */
  readonly bookTsMs: number;
  readonly stale: boolean;
  /** Size offered at the best ask. */
  readonly topHundredths: number;
  readonly orderHundredths: number;
  readonly costMicros: number;
}

export interface RiskInput {
  readonly edgeBps: number;
  readonly legs: readonly [RiskLeg, RiskLeg];
  readonly matchConfidencePpm: number;
  readonly gameStartMs?: number;
  /** When this pair's opportunity was first seen without a break. */
  readonly firstSeenMs: number;
  /** Cost basis already held, by market, by the pair's event, and in total. */
  readonly exposureMicros: { readonly byMarket: ReadonlyMap<string, number>; readonly event: number; readonly total: number };
}

const refuse = (reason: RiskReason, detail: string): RiskDecision => ({ ok: false, reason, detail });
const APPROVED: RiskDecision = Object.freeze({ ok: true });

/**
 * Chance both legs fill in full, ppm: for each leg min(1, top size / order size), decayed by the book's age
 * (halved every `halfLifeMs`, as a rational decay so it stays integer), multiplied across legs.
 */
export function computeFillProbabilityPpm(legs: readonly RiskLeg[], nowMs: number, halfLifeMs: number): number {
  let p = 1_000_000;
  for (const l of legs) {
    const depth = l.orderHundredths <= 0 ? 1_000_000 : Math.min(1_000_000, Math.floor((l.topHundredths * 1_000_000) / l.orderHundredths));
    const age = Math.max(0, nowMs - l.bookTsMs);
    const fresh = Math.floor((halfLifeMs * 1_000_000) / (halfLifeMs + age));
    p = Math.floor((p * Math.floor((depth * fresh) / 1_000_000)) / 1_000_000);
  }
  return p;
}

/** Approves or refuses one sized opportunity; the first failing check names the reason. */
export function checkRisk(input: RiskInput, limits: RiskLimits, nowMs: number): RiskDecision {
  if (input.matchConfidencePpm < limits.minMatchConfidencePpm) {
    return refuse("MATCH_CONFIDENCE", `${input.matchConfidencePpm} ppm < ${limits.minMatchConfidencePpm}`);
  }
  if (!limits.allowAfterGameStart && input.gameStartMs !== undefined && nowMs >= input.gameStartMs) {
    return refuse("GAME_STARTED", `game started at ${input.gameStartMs}`);
  }
  if (input.edgeBps < limits.minEdgeBps) return refuse("EDGE_TOO_SMALL", `${input.edgeBps} bps < ${limits.minEdgeBps}`);
  for (const l of input.legs) {
    if (l.stale || nowMs - l.bookTsMs > limits.maxBookAgeMs) return refuse("BOOK_STALE", `${l.market}: ${nowMs - l.bookTsMs} ms old`);
    if (l.orderHundredths > limits.maxOrderHundredths) return refuse("SIZE_TOO_LARGE", `${l.market}: ${l.orderHundredths} > ${limits.maxOrderHundredths}`);
  }
  if (nowMs - input.firstSeenMs < limits.persistMs) return refuse("NOT_PERSISTED", `seen for ${nowMs - input.firstSeenMs} ms`);
  let added = 0;
  for (const l of input.legs) {
    added += l.costMicros;
    const held = input.exposureMicros.byMarket.get(venueMarketOf(l.market)) ?? 0;
    // Both legs of a same-venue arb sit in one market.
    const sameMarket = input.legs[0].market === input.legs[1].market ? input.legs[0].costMicros + input.legs[1].costMicros : l.costMicros;
    if (held + sameMarket > limits.maxExposureMarketMicros) return refuse("EXPOSURE_MARKET", `${l.market}: ${held + sameMarket} micros`);
  }
  if (input.exposureMicros.event + added > limits.maxExposureEventMicros) return refuse("EXPOSURE_EVENT", `${input.exposureMicros.event + added} micros`);
  if (input.exposureMicros.total + added > limits.maxExposureTotalMicros) return refuse("EXPOSURE_TOTAL", `${input.exposureMicros.total + added} micros`);
  const fillPpm = computeFillProbabilityPpm(input.legs, nowMs, limits.fillProbabilityHalfLifeMs);
  if (fillPpm < limits.minFillProbabilityPpm) return refuse("FILL_PROBABILITY", `${fillPpm} ppm < ${limits.minFillProbabilityPpm}`);
  return APPROVED;
}
