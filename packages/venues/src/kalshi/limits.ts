import type { RateLimitRule } from "../net/rate-limit.js";

/**
 * Per-second budgets by API tier (venues.md §1.6, [K-docs rate_limits]). "Write" covers order create, cancel, amend
 * and decrease and the batch endpoints; everything else is a read. Over budget the venue answers 429.
 */
export const KALSHI_TIERS = {
  basic: { readPerSec: 20, writePerSec: 10 },
  advanced: { readPerSec: 30, writePerSec: 30 },
  premier: { readPerSec: 100, writePerSec: 100 },
  prime: { readPerSec: 400, writePerSec: 400 },
} as const;

export type KalshiTier = keyof typeof KALSHI_TIERS;

/** The budget a config asks for: its tier's, or its overrides (a config without a key has one too). */
export function kalshiBudget(c: { readonly tier: KalshiTier; readonly readPerSec?: number | undefined; readonly writePerSec?: number | undefined }): {
  readPerSec: number;
  writePerSec: number;
} {
  const tier = KALSHI_TIERS[c.tier];
  return { readPerSec: c.readPerSec ?? tier.readPerSec, writePerSec: c.writePerSec ?? tier.writePerSec };
}

/** Kalshi's limits table: one read and one write bucket over every endpoint, each holding one second of its rate. */
export function kalshiRateLimits(budget: { readonly readPerSec: number; readonly writePerSec: number }): RateLimitRule[] {
  return [
    { name: "read", bucket: "read", ratePerSec: budget.readPerSec, burst: Math.max(1, Math.ceil(budget.readPerSec)) },
    { name: "write", bucket: "write", ratePerSec: budget.writePerSec, burst: Math.max(1, Math.ceil(budget.writePerSec)) },
  ];
}
