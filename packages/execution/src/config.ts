import { z } from "zod";

/**
 * Every limit the execution engine obeys, in integer units (money in micros, sizes in hundredths, prices in
 * units, time in ms). One zod schema, each default defined here once (the bot's config file embeds it whole as
 * `execution:`): a bad config fails with every issue at once, an unknown key included.
 */

const int = z.number().int();
const nonNeg = int.nonnegative();
const positive = int.positive();

export const RiskLimits = z.strictObject({
  /** Minimum edge after the exact per-order fees, bps of the arb's cost. */
  minEdgeBps: nonNeg.default(50),
  /** Minimum absolute profit of one arb after fees. */
  minProfitMicros: nonNeg.default(10_000),
  /** A leg whose book has not updated for this long is stale. */
  maxBookAgeMs: positive.default(5_000),
  /** Largest order per leg. */
  maxOrderHundredths: positive.default(100_000),
  maxExposureMarketMicros: nonNeg.default(2_500_000_000),
  maxExposureEventMicros: nonNeg.default(5_000_000_000),
  maxExposureTotalMicros: nonNeg.default(25_000_000_000),
  /** Discovery's confidence that both venues' markets are the same game outcome, parts per million. */
  minMatchConfidencePpm: nonNeg.max(1_000_000).default(950_000),
  /** Estimated chance both legs fill in full (top size vs order size, decayed by book age), ppm. */
  minFillProbabilityPpm: nonNeg.max(1_000_000).default(300_000),
  /** Book age at which the fill-probability estimate halves. */
  fillProbabilityHalfLifeMs: positive.default(2_000),
  allowAfterGameStart: z.boolean().default(false),
  /** The opportunity must have been seen continuously for this long (0 = act at once). */
  persistMs: nonNeg.default(0),
});
export type RiskLimits = z.output<typeof RiskLimits>;

export const BreakerLimits = z.strictObject({
  /** Contracts held in one market, all legs. */
  maxPositionMarketHundredths: positive.default(1_000_000),
  /** Cost basis of everything held. */
  maxPositionTotalMicros: positive.default(25_000_000_000),
  /** Realized plus unwind losses since 00:00 UTC. */
  maxDailyLossMicros: positive.default(100_000_000),
  maxConsecutiveErrors: positive.default(5),
  /** Automatic reset this long after a trip on consecutive errors (0 = by hand); every other trip resets by hand. */
  cooldownMs: nonNeg.default(300_000),
});
export type BreakerLimits = z.output<typeof BreakerLimits>;

export const VenueRules = z.strictObject({
  /** Order sizes are multiples of this. */
  lotHundredths: positive,
  minOrderHundredths: positive,
  tickUnits: positive,
  feeRatePpm: nonNeg.max(1_000_000),
  /** Polymarket's fee exponent; Kalshi is always 1. */
  feeExponent: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
  /** Kalshi balance precision (retail $0.01 = 10 000). */
  precisionMicros: positive.default(10_000),
});
export type VenueRules = z.output<typeof VenueRules>;

export const ExecutionSettings = z.strictObject({
  mode: z.enum(["concurrent", "sequential"]).default("concurrent"),
  /** How long an order may stay unresolved before it is looked up or cancelled. */
  orderTimeoutMs: positive.default(3_000),
  /** A terminal order whose fills have not all arrived by then has them fetched over REST. */
  fillWaitMs: positive.default(500),
  /** Per-pair cooldown after an arb closes. */
  cooldownMs: nonNeg.default(0),
  /**
   * How long a finished order's fills still count as taken from its book (claims.ts): the venue's frame removing
   * that liquidity can arrive after the order's answer, and until it does the book still shows it.
   */
  claimHoldMs: nonNeg.default(500),
  /** Largest loss accepted to hedge or unwind one arb's whole excess, over all its resolving orders together. */
  maxResolveLossMicros: nonNeg.default(200_000),
  maxResolveAttempts: positive.default(3),
  kalshiTimeInForce: z.enum(["immediate_or_cancel", "fill_or_kill"]).default("immediate_or_cancel"),
  polymarketTimeInForce: z.enum(["fill_or_kill", "immediate_or_cancel"]).default("fill_or_kill"),
  /** Rounds of synthetic decisions run at start so the first real opportunity meets optimised code (0: none). */
  warmupRounds: nonNeg.default(200),
  /**
   * One synthetic decision and one staged order this often (ms), to keep the order path's code and caches warm
   * between arbs; 0: off. Each pass meets the same cold caches a real arb does (bench/results/cold-cache.md), so it
   * costs about what an arb's decision costs: measured on the 2-core VM (bench/results/keep-warm.md), every 50 ms is
   * ~1 % of a core idle, every 10 ms ~5 %, every 2 ms ~9–11 %, for tick-to-order medians 0–20 % lower. The default
   * stays under 1 % of a core; measure your own machine with `pnpm bench:latency -- --sweep-keep-warm 0,100,50,10`.
   */
  keepWarmMs: nonNeg.default(100),
  /**
   * A Polymarket fill can be taken back until its trade is CONFIRMED on chain. When the user channel has not said
   * which way a fill went this long (ms) after it was booked, the venue is asked, and again every as long.
   */
  settlementGraceMs: int.min(500).default(5_000),
  /** How long after its booking (ms) a fill is watched at all: a trade fails within minutes of its match. */
  settlementHorizonMs: int.min(1_000).default(600_000),
});
export type ExecutionSettings = z.output<typeof ExecutionSettings>;

export const ExecutionConfig = z.strictObject({
  risk: RiskLimits.prefault({}),
  breaker: BreakerLimits.prefault({}),
  execution: ExecutionSettings.prefault({}),
  venues: z
    .strictObject({
      kalshi: VenueRules.prefault({ lotHundredths: 100, minOrderHundredths: 100, tickUnits: 100, feeRatePpm: 70_000 }),
      // Whole shares: at a 0.01 tick a FOK/FAK BUY's pUSD amount (2 decimals) then buys exactly the planned size.
      polymarket: VenueRules.prefault({ lotHundredths: 100, minOrderHundredths: 500, tickUnits: 100, feeRatePpm: 0, feeExponent: 1 }),
    })
    .prefault({}),
});
export type ExecutionConfigInput = z.input<typeof ExecutionConfig>;
export type ExecutionConfig = z.output<typeof ExecutionConfig>;

/** One matched pair as discovery bound it: the markets on each venue and what risk needs to know about it. */
export const PairSpec = z.strictObject({
  pair: nonNeg,
  eventId: z.string().min(1),
  kalshiMarket: z.string().min(1).optional(),
  /** The condition id, or its inverted key (`polymarketMarketKey` of @arb/venues) when the pair's YES is the market's
   *  "no" token: two pairs then share one market with opposite polarity, each ordering its own tokens. */
  polymarketMarket: z.string().min(1).optional(),
  gameStartMs: nonNeg.optional(),
  matchConfidencePpm: nonNeg.max(1_000_000).default(1_000_000),
  mode: z.enum(["concurrent", "sequential"]).optional(),
  cooldownMs: nonNeg.optional(),
  /** Every market of the pair's Kalshi event (all the ways the game can end), when known: its worst case is then exact. */
  eventMarkets: z.array(z.string().min(1)).optional(),
  /** The Polymarket market's own taker fee (its `fd`), where it differs from the venue rules' rate. */
  polymarketFee: z.strictObject({ ratePpm: nonNeg.max(1_000_000), exponent: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).optional(),
});
export type PairSpecInput = z.input<typeof PairSpec>;
export type PairSpec = z.output<typeof PairSpec>;
