import { z } from "zod";

/**
 * Discovery reads more of each listing than trading does (rules text, game times), so it keeps its own schemas of
 * the same documented responses (venues.md §1 markets/events, §2.1 Gamma). Unknown fields are ignored.
 */
export const KalshiDiscoveryMarket = z.object({
  ticker: z.string().min(1),
  event_ticker: z.string().min(1),
  status: z.string().default(""),
  title: z.string().default(""),
  yes_sub_title: z.string().default(""),
  no_sub_title: z.string().default(""),
  rules_primary: z.string().default(""),
  rules_secondary: z.string().default(""),
  close_time: z.string().optional(),
  expected_expiration_time: z.string().optional(),
  occurrence_datetime: z.string().optional(),
});
export type KalshiDiscoveryMarket = z.infer<typeof KalshiDiscoveryMarket>;

export const KalshiDiscoveryEvent = z.object({
  event_ticker: z.string().min(1),
  series_ticker: z.string().min(1),
  title: z.string().default(""),
  sub_title: z.string().default(""),
  strike_date: z.string().nullish(),
  markets: z.array(KalshiDiscoveryMarket).default([]),
});
export type KalshiDiscoveryEvent = z.infer<typeof KalshiDiscoveryEvent>;
export const KalshiDiscoveryEvents = z.object({ events: z.array(KalshiDiscoveryEvent), cursor: z.string().nullish() });

/** Gamma sends `outcomes` and `clobTokenIds` as JSON-encoded string arrays. */
const jsonStringArray = z.string().transform((s, ctx) => {
  try {
    const v: unknown = JSON.parse(s);
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  } catch {
    // reported below
  }
  ctx.addIssue({ code: "custom", message: "a JSON-encoded array of strings" });
  return z.NEVER;
});

export const GammaDiscoveryMarket = z.object({
  id: z.string(),
  conditionId: z.string().min(1),
  question: z.string().default(""),
  slug: z.string().default(""),
  description: z.string().default(""),
  outcomes: jsonStringArray.optional(),
  clobTokenIds: jsonStringArray.optional(),
  gameStartTime: z.string().nullish(),
  endDate: z.string().nullish(),
  sportsMarketType: z.string().nullish(),
  groupItemTitle: z.string().nullish(),
  negRisk: z.boolean().optional(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  resolutionSource: z.string().nullish(),
});
export type GammaDiscoveryMarket = z.infer<typeof GammaDiscoveryMarket>;

export const GammaDiscoveryEvent = z.object({
  id: z.string(),
  slug: z.string().default(""),
  title: z.string().default(""),
  description: z.string().default(""),
  startDate: z.string().nullish(),
  endDate: z.string().nullish(),
  resolutionSource: z.string().nullish(),
  tags: z.array(z.object({ id: z.string(), slug: z.string().optional(), label: z.string().optional() })).default([]),
  markets: z.array(GammaDiscoveryMarket).default([]),
});
export type GammaDiscoveryEvent = z.infer<typeof GammaDiscoveryEvent>;
export const GammaDiscoveryEvents = z.array(GammaDiscoveryEvent);
