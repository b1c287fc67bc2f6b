import { type RateLimitRule, perWindow } from "../net/rate-limit.js";
import { CLOB_PATHS } from "./urls.js";

/**
 * Polymarket's documented limits (venues.md §2.6, [P-docs rate-limits]): Cloudflare sliding windows of 10 s, and
 * 10 min for sustained order traffic. Over a limit the venue throttles (delays or queues) rather than refusing, so
 * these buckets keep our traffic from being slowed where we cannot see it. A request pays into every row it matches:
 * the whole-CLOB row and its endpoint's. A sustained limit is a bucket at its mean rate holding the 10 s burst.
 * Not modelled: the per-signer order and cancel buckets (rates unverified; `Poly-RateLimit-Warning` announces them)
 * and batch items costing one each.
 */
export const POLYMARKET_CLOB_LIMITS: readonly RateLimitRule[] = [
  { name: "clob", ...perWindow(9_000, 10) },
  { name: "book", method: "GET", path: CLOB_PATHS.book, ...perWindow(1_500, 10) },
  { name: "books", path: CLOB_PATHS.books, ...perWindow(500, 10) },
  { name: "post-order", method: "POST", path: CLOB_PATHS.order, ...perWindow(3_500, 10) },
  { name: "post-order-sustained", method: "POST", path: CLOB_PATHS.order, ratePerSec: 36_000 / 600, burst: 3_500 },
  { name: "delete-order", method: "DELETE", path: CLOB_PATHS.order, ...perWindow(3_000, 10) },
  { name: "delete-order-sustained", method: "DELETE", path: CLOB_PATHS.order, ratePerSec: 30_000 / 600, burst: 3_000 },
  { name: "post-orders", method: "POST", path: CLOB_PATHS.orders, ...perWindow(1_000, 10) },
  { name: "post-orders-sustained", method: "POST", path: CLOB_PATHS.orders, ratePerSec: 15_000 / 600, burst: 1_000 },
  { name: "data-orders", path: CLOB_PATHS.openOrders, ...perWindow(500, 10) },
  { name: "data-trades", path: CLOB_PATHS.trades, ...perWindow(500, 10) },
  { name: "api-key", pathPrefix: "/auth/", ...perWindow(100, 10) },
];

/** Gamma's documented limits (same section): 4 000 / 10 s overall; /markets 300 and /events 500 per 10 s. */
export function polymarketGammaLimits(basePath: string): RateLimitRule[] {
  return [
    { name: "gamma", ...perWindow(4_000, 10) },
    { name: "gamma-markets", pathPrefix: `${basePath}/markets`, ...perWindow(300, 10) },
    { name: "gamma-events", pathPrefix: `${basePath}/events`, ...perWindow(500, 10) },
  ];
}
