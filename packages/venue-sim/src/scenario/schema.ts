import { z } from "zod";

export const LEAGUES = ["NBA", "NFL", "NHL", "MLB", "EPL", "MLS", "NCAAF", "NCAAMB"] as const;
export const League = z.enum(LEAGUES);
export type League = z.infer<typeof League>;

const int = z.number().int();
const nonNeg = int.nonnegative();
const positive = int.positive();
const venue = z.literal("kalshi");
const at = { atMs: nonNeg };

/** Things that happen at a scenario time (ms after the scenario starts). */
export const TimelineEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("arb.inject"), ...at, ticker: z.string().min(1).optional(), edgeBps: positive, sizeHundredths: positive, durationMs: positive }),
  z.object({ kind: z.literal("venue.pause"), ...at, venue, paused: z.boolean() }),
  z.object({ kind: z.literal("connections.kill"), ...at, venue }),
  z.object({ kind: z.literal("latency.set"), ...at, venue, endpoint: z.string().min(1).optional(), ms: nonNeg }),
  z.object({ kind: z.literal("ws.seq-gap"), ...at, venue, skip: positive.default(1) }),
  z.object({ kind: z.literal("ws.malformed"), ...at, venue, count: positive.default(1) }),
  z.object({
    kind: z.literal("orders.fault"),
    ...at,
    venue,
    mode: z.enum(["reject", "timeout", "late-fill"]),
    count: positive.default(1),
    delayMs: nonNeg.default(2000),
  }),
  z.object({ kind: z.literal("rate-limit.set"), ...at, venue, readPerSec: positive, writePerSec: positive }),
]);
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Scenario = z.object({
  name: z.string().min(1),
  seed: nonNeg,
  /** Calendar origin (Unix ms) of ticker dates ("26NOV25"): set it for tickers that never change; omitted, the
   *  clock at start is used. Game times are always relative to the start of the run. */
  startMs: nonNeg.optional(),
  /** Generator step; the book evolves in whole steps so a driven clock reproduces it exactly. */
  tickMs: positive.default(250),
  games: z
    .object({
      count: int.min(1).max(200).default(8),
      leagues: z.array(League).min(1).default([...LEAGUES]),
      /** First game start, then one every `spacingMs`, relative to the scenario start. */
      firstStartMs: nonNeg.default(600_000),
      spacingMs: nonNeg.default(900_000),
      durationMs: positive.default(9_000_000),
      settleDelayMs: nonNeg.default(60_000),
    })
    .prefault({}),
  marketMakers: z
    .object({
      enabled: z.boolean().default(true),
      levels: int.min(1).max(20).default(5),
      minSizeHundredths: positive.default(1000),
      maxSizeHundredths: positive.default(50_000),
      /** Distance of the best quote from fair value, in price units. */
      halfSpreadUnits: positive.default(100),
      /** Fair-value volatility on the logit scale, per √second, in basis points. */
      volatilityBps: nonNeg.default(30),
      requoteMs: positive.default(1000),
    })
    .prefault({})
    .refine((m) => m.minSizeHundredths <= m.maxSizeHundredths, { message: "minSizeHundredths must be ≤ maxSizeHundredths", path: ["minSizeHundredths"] }),
  kalshi: z
    .object({
      takerRatePpm: nonNeg.max(1_000_000).default(70_000),
      makerRatePpm: nonNeg.max(1_000_000).default(0),
      /** Per-series fee overrides, keyed by series ticker. */
      series: z.record(z.string(), z.object({ takerRatePpm: nonNeg.max(1_000_000).optional(), makerRatePpm: nonNeg.max(1_000_000).optional() })).default({}),
      readPerSec: positive.default(20),
      writePerSec: positive.default(10),
      wsPingMs: positive.default(10_000),
      /** How far a signed timestamp may be from the server clock before the request is refused. */
      authSkewMs: positive.default(5000),
    })
    .prefault({}),
  timeline: z.array(TimelineEvent).default([]),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
