import { type BackoffPolicy, PolymarketGamma, type VenueError, type VenueResult, createKalshiPublicRest, isRetryableStatus } from "@arb/venues";
import { type Logger, pino } from "pino";
import type { League } from "./leagues.js";
import { type KalshiGame, type PolyGame, parseGammaEvent, parseKalshiEvent } from "./listing.js";

export interface Listings {
  readonly kalshi: KalshiGame[];
  readonly polymarket: PolyGame[];
  /** Requests that failed or answered something unreadable, retries spent; discovery goes on with what it has. */
  readonly problems: string[];
}

/**
 * How listing requests are retried, by the venue clients' REST layer: a 429, a 5xx or a lost connection is the venue
 * being busy, not "no listing", so it is retried with backoff (a 429's Retry-After as the floor).
 */
export interface ListingRetry {
  readonly retries: number;
  readonly backoff: BackoffPolicy;
}

const DEFAULT_RETRY: ListingRetry = { retries: 6, backoff: { baseMs: 500, maxMs: 8_000 } };

/** The failures the REST layer retries; any of them answered means every attempt was spent on it. */
const wasRetried = (e: VenueError): boolean => (e.httpStatus === undefined ? /_(TIMEOUT|CONNECTION)$/.test(e.code) : isRetryableStatus(e.httpStatus));

function problemOf(request: string, e: VenueError, retry: ListingRetry): string {
  const attempts = retry.retries + 1;
  return `${request}: ${e.code} (${e.message})${wasRetried(e) ? ` after ${attempts} attempt${attempts === 1 ? "" : "s"}` : ""}`;
}

/**
 * The thin shell around the pure parsers: each league's Kalshi game series and Polymarket tags, every page, through
 * the venue clients (Kalshi's public endpoints need no key).
 */
export async function fetchListings(o: {
  kalshiRestUrl: string;
  gammaUrl: string;
  leagues: readonly League[];
  timeoutMs?: number;
  retry?: ListingRetry;
  logger?: Logger;
}): Promise<Listings> {
  const retry = o.retry ?? DEFAULT_RETRY;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const kalshi = createKalshiPublicRest({
    config: { restUrl: o.kalshiRestUrl, http: { timeoutMs, maxRetries: retry.retries, backoff: retry.backoff } },
    logger: o.logger ?? pino({ level: "silent" }),
  });
  const gamma = new PolymarketGamma({ urls: { gamma: o.gammaUrl }, requestTimeoutMs: timeoutMs, retry: { attempts: retry.retries + 1, ...retry.backoff } });
  const problems: string[] = [];
  const kalshiBase = o.kalshiRestUrl.replace(/\/+$/, "");
  const gammaBase = o.gammaUrl.replace(/\/+$/, "");
  /** A request's listing, or nothing (and a problem) when it failed. */
  const listed = async <T>(request: string, r: Promise<VenueResult<T[]>>): Promise<T[]> => {
    const res = await r;
    if (res.ok) return res.value;
    problems.push(problemOf(request, res.error, retry));
    return [];
  };
  try {
    const kalshiJobs = o.leagues.flatMap((league) =>
      league.kalshiSeries.map(async (series) => {
        const events = await listed(`${kalshiBase}/events?series_ticker=${series}&status=open`, kalshi.events({ seriesTicker: series, status: "open" }));
        return events.flatMap((e) => parseKalshiEvent(league, e) ?? []);
      }),
    );
    const polyJobs = o.leagues.flatMap((league) =>
      league.polymarketTags.map(async (tag) => {
        const events = await listed(
          `${gammaBase}/events?tag_slug=${tag}&active=true&closed=false`,
          gamma.allEvents({ tag_slug: tag, active: true, closed: false }),
        );
        return events.flatMap((e) => parseGammaEvent(league, e) ?? []);
      }),
    );
    const [k, p] = await Promise.all([Promise.all(kalshiJobs), Promise.all(polyJobs)]);
    // A league listed under two tags returns its events twice.
    const byId = new Map<string, PolyGame>();
    for (const g of p.flat()) if (!byId.has(g.eventId)) byId.set(g.eventId, g);
    return { kalshi: k.flat(), polymarket: [...byId.values()], problems };
  } finally {
    await Promise.all([kalshi.close(), gamma.close()]);
  }
}
