import { type DestinationStream, type Logger, pino } from "pino";
import { z } from "zod";
import { REDACT_PATHS } from "../log.js";
import { POLYMARKET_PRODUCTION } from "./urls.js";

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 0x-prefixed 32-byte hex private key");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 0x-prefixed 20-byte address");

/** L2 API credentials as the CLOB returns them from /auth/api-key (`apiKey` there, `key` here as in the SDK). */
export const PolymarketCreds = z.object({
  key: z.string().min(1),
  secret: z.string().min(1),
  passphrase: z.string().min(1),
});
export type PolymarketCreds = z.infer<typeof PolymarketCreds>;

export const PolymarketConfig = z
  .object({
    urls: z.object({ clob: z.url(), gamma: z.url(), wsMarket: z.url(), wsUser: z.url() }).default({ ...POLYMARKET_PRODUCTION }),
    /** Polygon 137; Amoy 80002 only for tests of the signing domain. */
    chainId: z.union([z.literal(137), z.literal(80002)]).default(137),
    /** The EOA that signs orders and L1 auth. Needed for trading, not for market data. */
    privateKey: hex32.optional(),
    /** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE (venues.md §2.4). */
    signatureType: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    /** The proxy / Safe that holds the funds; required for signature types 1 and 2, where it is the order's maker. */
    funderAddress: address.optional(),
    creds: PolymarketCreds.optional(),
    requestTimeoutMs: z.number().int().positive().default(5_000),
    /** Idempotent requests only (GETs, cancels); an order POST is never retried blindly. */
    retry: z
      .object({ attempts: z.number().int().min(1).max(10), baseMs: z.number().int().positive(), maxMs: z.number().int().positive() })
      .default({ attempts: 3, baseMs: 100, maxMs: 2_000 }),
    connections: z.number().int().positive().default(4),
    /** POST /order goes on this many warm sockets of its own, written in the caller's turn; 0: the undici pool. */
    orderSockets: z.number().int().min(0).max(16).default(2),
    /** An order socket idle this long is replaced (below the venue's keep-alive timeout). */
    orderSocketMaxIdleMs: z.number().int().positive().default(4_000),
    /** The venue asks for a text PING about every 10 s. */
    pingIntervalMs: z.number().int().positive().default(10_000),
    /** No frame (not even PONG) for this long means the socket is dead even if TCP says otherwise. */
    staleAfterMs: z.number().int().positive().default(30_000),
    reconnect: z.object({ baseMs: z.number().int().positive(), maxMs: z.number().int().positive() }).default({ baseMs: 250, maxMs: 15_000 }),
    /** Larger frames are dropped unparsed (a full book of a busy market is well under this). */
    maxFrameBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 * 1024),
    /** "refuse": a pair whose two token books are crossed (checkPolymarketBook) is kept out of the detection core until mended. */
    bookConsistency: z.enum(["refuse", "off"]).default("refuse"),
  })
  .refine((c) => c.signatureType === 0 || c.funderAddress !== undefined, {
    message: "funderAddress is required for signature types 1 (proxy) and 2 (Safe)",
    path: ["funderAddress"],
  });
export type PolymarketConfig = z.infer<typeof PolymarketConfig>;
export type PolymarketConfigInput = z.input<typeof PolymarketConfig>;

/** Secrets come from the environment, never from files in the repository. */
export function polymarketConfigFromEnv(env: Readonly<Record<string, string | undefined>>): PolymarketConfigInput {
  const urls = {
    clob: env["POLYMARKET_CLOB_HOST"] ?? POLYMARKET_PRODUCTION.clob,
    gamma: env["POLYMARKET_GAMMA_HOST"] ?? POLYMARKET_PRODUCTION.gamma,
    wsMarket: env["POLYMARKET_WS_MARKET"] ?? POLYMARKET_PRODUCTION.wsMarket,
    wsUser: env["POLYMARKET_WS_USER"] ?? POLYMARKET_PRODUCTION.wsUser,
  };
  const key = env["POLYMARKET_API_KEY"];
  const secret = env["POLYMARKET_API_SECRET"];
  const passphrase = env["POLYMARKET_API_PASSPHRASE"];
  const sigType = env["POLYMARKET_SIGNATURE_TYPE"];
  return {
    urls,
    ...(env["POLYMARKET_PRIVATE_KEY"] !== undefined && { privateKey: env["POLYMARKET_PRIVATE_KEY"] }),
    ...(env["POLYMARKET_FUNDER"] !== undefined && { funderAddress: env["POLYMARKET_FUNDER"] }),
    ...(sigType !== undefined && { signatureType: Number(sigType) as 0 | 1 | 2 }),
    ...(key !== undefined && secret !== undefined && passphrase !== undefined && { creds: { key, secret, passphrase } }),
  };
}

/** Where Polymarket secrets can sit in a logged object: L1/L2 headers, the user-channel auth block, creds. */
export const POLYMARKET_REDACT_PATHS = [
  ...REDACT_PATHS,
  "*.*.secret",
  "*.*.passphrase",
  "creds",
  "*.creds",
  "auth",
  "*.auth",
  "headers.POLY_SIGNATURE",
  "headers.POLY_PASSPHRASE",
  "headers.POLY_API_KEY",
  "*.headers.POLY_SIGNATURE",
  "*.headers.POLY_PASSPHRASE",
  "*.headers.POLY_API_KEY",
];

export function createPolymarketLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const opts = { level: options.level ?? "info", redact: { paths: POLYMARKET_REDACT_PATHS, censor: "[redacted]" } };
  return options.destination === undefined ? pino(opts) : pino(opts, options.destination);
}
