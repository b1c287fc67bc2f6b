import { z } from "zod";

/** Kalshi wire dialects: "current" (fixed-point `*_dollars` / `*_fp`), "legacy" (pre-2026 integer cents and counts). */
export const KALSHI_DIALECTS = ["current", "legacy"] as const;
export type KalshiDialect = (typeof KALSHI_DIALECTS)[number];

/**
 * Polymarket market-channel dialects: "current" (`price_change` with `price_changes[]`, several events of a step in
 * one array), "legacy" (the pre-Sept-2025 per-asset `price_change` with `changes[]`), "peer" (what the peer bots
 * parse: one event per message, one flat `price_change` {asset_id, price, size, side} per level, arrays only for
 * `book`).
 */
export const POLYMARKET_DIALECTS = ["current", "legacy", "peer"] as const;
export type PolymarketDialect = (typeof POLYMARKET_DIALECTS)[number];

/**
 * A set of listening ports for one client: every connection and request through them is served in its dialects
 * and carries its label in the event log, while the engine behind all endpoints is one.
 */
export interface Endpoint {
  readonly label: string;
  readonly kalshi: KalshiDialect;
  readonly polymarket: PolymarketDialect;
}

export const EndpointSpec = z.object({
  /** Names the client in every event-log record its connections and requests cause. */
  label: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "a lower-case label of 1–40 characters (a-z, 0-9, . _ -)"),
  kalshi: z.enum(KALSHI_DIALECTS).default("current"),
  polymarket: z.enum(POLYMARKET_DIALECTS).default("current"),
});
export type EndpointSpec = z.input<typeof EndpointSpec>;

/** The label of the ports startSim always opens, and of records no client caused (the engine's own). */
export const DEFAULT_LABEL = "default";
export const SIM_LABEL = "sim";
