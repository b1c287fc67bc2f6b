import { ARB_TYPES } from "@arb/domain";
import { z } from "zod";
import { KALSHI_FEE_TYPES, MAX_FEE_MULTIPLIER, eventFeeIssue } from "../exchange/fee-override.js";

const LEAGUES = ["NBA", "NFL", "NHL", "MLB", "EPL", "MLS", "NCAAF", "NCAAMB"] as const;
export const League = z.enum(LEAGUES);
export type League = z.infer<typeof League>;

const int = z.number().int();
/** Games a scenario may list; generation stays linear in it (seconds and a few MB at the cap). */
export const MAX_GAMES = 2_000;
const nonNeg = int.nonnegative();
const positive = int.positive();
export const VENUES = ["kalshi", "polymarket"] as const;
const venue = z.enum(VENUES);
const at = { atMs: nonNeg };
/** Order faults; "delayed" (the sports delay) and "trade-failed" (settlement fails after MATCHED) are Polymarket's own. */
export const ORDER_FAULT_MODES = ["reject", "timeout", "late-fill", "delayed", "trade-failed"] as const;
const POLYMARKET_ONLY_MODES: readonly string[] = ["delayed", "trade-failed"];

/** An event fee override as `event_fee_update` carries it: both fields set, or both null to clear it. */
export const EventFeeFields = {
  feeType: z.enum(KALSHI_FEE_TYPES).nullable(),
  multiplier: z.number().nonnegative().max(MAX_FEE_MULTIPLIER).nullable(),
};

/** Things that happen at a scenario time (ms after the scenario starts). */
export const TimelineEvent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("arb.inject"),
    ...at,
    /** Which legs the window opens; cross-venue kinds pair the Kalshi `ticker` with its Polymarket twin. */
    arb: z.enum(ARB_TYPES).default("kalshi_same_market"),
    ticker: z.string().min(1).optional(),
    /** The Polymarket market of a poly_same_market window. */
    conditionId: z.string().min(1).optional(),
    edgeBps: positive,
    sizeHundredths: positive,
    durationMs: positive,
  }),
  z.object({ kind: z.literal("venue.pause"), ...at, venue, paused: z.boolean() }),
  z.object({ kind: z.literal("connections.kill"), ...at, venue }),
  z.object({ kind: z.literal("latency.set"), ...at, venue, endpoint: z.string().min(1).optional(), ms: nonNeg }),
  z.object({ kind: z.literal("ws.seq-gap"), ...at, venue, skip: positive.default(1) }),
  z.object({ kind: z.literal("ws.malformed"), ...at, venue, count: positive.default(1) }),
  z.object({
    kind: z.literal("orders.fault"),
    ...at,
    venue,
    mode: z.enum(ORDER_FAULT_MODES),
    count: positive.default(1),
    delayMs: nonNeg.default(2000),
  }),
  z.object({ kind: z.literal("rate-limit.set"), ...at, venue, readPerSec: positive, writePerSec: positive }),
  /** The venue's sockets go quiet while staying open: no data, no keepalive answers (a client watchdog must notice). */
  z.object({ kind: z.literal("ws.silence"), ...at, venue, silent: z.boolean() }),
  /** Sets (both fields null: clears) a Kalshi event's fee override; the event by its ticker or its game's index. */
  z.object({ kind: z.literal("event-fee.set"), ...at, eventTicker: z.string().min(1).optional(), game: nonNeg.optional(), ...EventFeeFields }),
]);
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Scenario = z
  .object({
    name: z.string().min(1),
    seed: nonNeg,
    /** Calendar origin (Unix ms) of ticker dates ("26NOV25"): set it for tickers that never change; omitted, the
     *  clock at start is used. Game times are always relative to the start of the run. */
    startMs: nonNeg.optional(),
    /** Generator step; the book evolves in whole steps so a driven clock reproduces it exactly. */
    tickMs: positive.default(250),
    games: z
      .object({
        /** Up to MAX_GAMES: enough for a 1 000-pair memory run (two or three Kalshi markets per game). */
        count: int.min(1).max(MAX_GAMES).default(8),
        leagues: z
          .array(League)
          .min(1)
          .default([...LEAGUES]),
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
    polymarket: z
      .object({
        /** Taker fee `fd` of sports markets: rate (ppm of shares × p(1−p)) and exponent; makers pay 0. */
        takerRatePpm: nonNeg.max(1_000_000).default(50_000),
        feeExponent: int.min(0).max(2).default(1),
        /** Per-league fee overrides. */
        leagues: z.partialRecord(League, z.object({ takerRatePpm: nonNeg.max(1_000_000).optional(), feeExponent: int.min(0).max(2).optional() })).default({}),
        tickUnits: z.union([z.literal(1000), z.literal(100), z.literal(10), z.literal(1)]).default(100),
        minOrderHundredths: positive.default(500),
        /** The Polymarket makers' own spread and noise around the shared fair value, in price units. */
        halfSpreadUnits: positive.default(100),
        noiseUnits: nonNeg.default(60),
        /** Sports order delay: a marketable order answers "delayed" and matches (or goes "unmatched") this much later. */
        sportsDelayMs: nonNeg.default(0),
        /** Games whose Polymarket outcomes are listed opposite to their title (see README "trap pairs"). */
        trapGames: int.min(0).max(MAX_GAMES).default(0),
        /** Trade settlement: MATCHED → MINED after minedMs → CONFIRMED after confirmedMs. */
        minedMs: nonNeg.default(300),
        confirmedMs: nonNeg.default(1000),
        /** Order POSTs per 10 s per signer; over it the venue throttles (delays) or, in "reject" mode, answers 429. */
        ordersPer10s: positive.default(3500),
        readsPer10s: positive.default(9000),
        rateLimitMode: z.enum(["throttle", "reject"]).default("throttle"),
        /** How far an L1/L2 timestamp (seconds) may be from the server clock. */
        authSkewSec: positive.default(30),
      })
      .prefault({}),
    timeline: z.array(TimelineEvent).default([]),
  })
  .superRefine((s, ctx) => {
    s.timeline.forEach((e, i) => {
      if (e.kind === "orders.fault" && e.venue === "kalshi" && POLYMARKET_ONLY_MODES.includes(e.mode)) {
        ctx.addIssue({ code: "custom", message: `mode ${e.mode} is Polymarket's only`, path: ["timeline", i, "mode"] });
      }
      // Polymarket has neither an exchange pause nor sequence numbers.
      if ((e.kind === "venue.pause" || e.kind === "ws.seq-gap") && e.venue === "polymarket") {
        ctx.addIssue({ code: "custom", message: `${e.kind} is Kalshi's only`, path: ["timeline", i, "venue"] });
      }
      if (e.kind === "arb.inject" && e.arb === "poly_same_market" && e.ticker !== undefined) {
        ctx.addIssue({ code: "custom", message: "a poly_same_market window names its market by conditionId", path: ["timeline", i, "ticker"] });
      }
      if (e.kind === "arb.inject" && e.arb !== "poly_same_market" && e.conditionId !== undefined) {
        ctx.addIssue({ code: "custom", message: `a ${e.arb} window names its market by ticker`, path: ["timeline", i, "conditionId"] });
      }
      if (e.kind === "event-fee.set") {
        if ((e.eventTicker === undefined) === (e.game === undefined))
          ctx.addIssue({ code: "custom", message: "name the event by eventTicker or by game, one of them", path: ["timeline", i, "eventTicker"] });
        if (e.game !== undefined && e.game >= s.games.count)
          ctx.addIssue({ code: "custom", message: `game ${e.game} is not among the ${s.games.count} games`, path: ["timeline", i, "game"] });
        const bad = eventFeeIssue(e);
        if (bad !== undefined) ctx.addIssue({ code: "custom", message: bad.message, path: ["timeline", i, bad.path] });
      }
    });
  });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
