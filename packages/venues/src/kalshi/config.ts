import { z } from "zod";
import { kalshiBudget } from "./limits.js";
import { KALSHI_PRODUCTION } from "./urls.js";

export { KALSHI_TIERS } from "./limits.js";

const zBackoff = z.object({ baseMs: z.number().int().positive(), maxMs: z.number().int().positive() });

/** Everything the Kalshi client needs; only `restUrl` / `wsUrl` differ between production, demo and the simulator. */
export const KalshiConfig = z
  .object({
    restUrl: z.url().default(KALSHI_PRODUCTION.rest),
    wsUrl: z.url().default(KALSHI_PRODUCTION.ws),
    /** API key id (a UUID on the real venue). */
    keyId: z.string().min(1),
    /** PEM text of the RSA private key; or give `privateKeyPath` (a file only its owner can read). */
    privateKeyPem: z.string().min(1).optional(),
    privateKeyPath: z.string().min(1).optional(),
    tier: z.enum(["basic", "advanced", "premier", "prime"]).default("basic"),
    /** Overrides of the tier's budgets, requests per second. */
    readPerSec: z.number().positive().optional(),
    writePerSec: z.number().positive().optional(),
    http: z
      .object({
        connections: z.number().int().positive().default(4),
        timeoutMs: z.number().int().positive().default(5_000),
        /** Extra attempts after the first, only for idempotent requests (GETs and order creation). */
        maxRetries: z.number().int().min(0).default(3),
        backoff: zBackoff.default({ baseMs: 100, maxMs: 2_000 }),
        /**
         * The order-create signature is renewed this often off the event loop and used while at most 4× as old, so
         * no order waits for an RSA signature; 0 signs each order when it is sent.
         */
        orderSignatureRefreshMs: z.number().int().min(0).default(250),
        /** Order creation goes on this many warm sockets of its own, written in the caller's turn; 0: the undici pool. */
        orderSockets: z.number().int().min(0).max(16).default(2),
        /** An order socket idle this long is replaced (below the venue's keep-alive timeout). */
        orderSocketMaxIdleMs: z.number().int().positive().default(4_000),
      })
      .prefault({}),
    ws: z
      .object({
        /** No ping or data for this long → the socket is presumed dead and replaced (the venue pings every 10 s). */
        heartbeatTimeoutMs: z.number().int().positive().default(25_000),
        backoff: zBackoff.default({ baseMs: 250, maxMs: 15_000 }),
        /** Frames above this are dropped unread (counted as "oversized"). */
        maxFrameBytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        /** Markets per subscribe command. */
        tickersPerCommand: z.number().int().positive().default(200),
        /** Also subscribe to fill, user_orders and market_positions. */
        privateChannels: z.boolean().default(true),
      })
      .prefault({}),
    /** "refuse": a crossed book (best YES bid + best NO bid ≥ $1) is kept out of the detection core until mended. */
    bookConsistency: z.enum(["refuse", "off"]).default("refuse"),
    selfTradePrevention: z.enum(["taker_at_cross", "maker"]).default("taker_at_cross"),
    subaccount: z.number().int().min(0).optional(),
  })
  .refine((c) => (c.privateKeyPem === undefined) !== (c.privateKeyPath === undefined), {
    message: "give exactly one of privateKeyPem or privateKeyPath",
  });

export type KalshiConfigInput = z.input<typeof KalshiConfig>;
export type KalshiConfig = z.output<typeof KalshiConfig>;

export function rateBudget(c: KalshiConfig): { readPerSec: number; writePerSec: number } {
  return kalshiBudget(c);
}
