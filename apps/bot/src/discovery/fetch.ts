import { type BackoffPolicy, computeBackoffMs } from "@arb/venues";
import type { z } from "zod";
import type { League } from "./leagues.js";
import { type KalshiGame, type PolyGame, parseGammaEvent, parseKalshiEvent } from "./listing.js";
import { GammaDiscoveryEvents, KalshiDiscoveryEvents } from "./wire.js";

export type Fetch = (
  url: string,
  init?: { signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>;

export interface Listings {
  readonly kalshi: KalshiGame[];
  readonly polymarket: PolyGame[];
  /** Requests that failed or answered something unreadable, retries spent; discovery goes on with what it has. */
  readonly problems: string[];
}

/** How listing requests are retried: a 429, a 5xx or a lost connection is the venue being busy, not "no listing". */
export interface ListingRetry {
  readonly retries: number;
  readonly backoff: BackoffPolicy;
  readonly sleep: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY: ListingRetry = { retries: 6, backoff: { baseMs: 500, maxMs: 8_000 }, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Seconds, as venues send it; an HTTP date is not worth parsing for a listing. */
function retryAfterMs(value: string | null): number {
  const secs = value === null ? Number.NaN : Number(value);
  return Number.isFinite(secs) && secs >= 0 ? Math.min(secs * 1000, 60_000) : 0;
}

async function getJson<S extends z.ZodType>(fetchImpl: Fetch, url: string, schema: S, timeoutMs: number, retry: ListingRetry): Promise<z.output<S> | string> {
  for (let attempt = 0; ; attempt++) {
    let waitMs: number;
    let problem: string;
    try {
      const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (res.ok) {
        const r = schema.safeParse(await res.json());
        return r.success ? r.data : `${url}: unexpected body at ${r.error.issues[0]?.path.join(".") ?? "?"}: ${r.error.issues[0]?.message ?? ""}`;
      }
      problem = `${url}: HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) return problem;
      waitMs = retryAfterMs(res.headers.get("retry-after"));
    } catch (err) {
      problem = `${url}: ${(err as Error).message}`;
      waitMs = 0;
    }
    if (attempt >= retry.retries) return `${problem} (after ${attempt + 1} attempts)`;
    await retry.sleep(Math.max(waitMs, computeBackoffMs(attempt, retry.backoff, Math.random())));
  }
}

/** The thin shell around the pure parsers: each league's Kalshi game series and Polymarket tags, every page. */
export async function fetchListings(o: {
  kalshiRestUrl: string;
  gammaUrl: string;
  leagues: readonly League[];
  fetchImpl?: Fetch;
  timeoutMs?: number;
  maxPages?: number;
  retry?: ListingRetry;
}): Promise<Listings> {
  const retry = o.retry ?? DEFAULT_RETRY;
  const fetchImpl = o.fetchImpl ?? (fetch as unknown as Fetch);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxPages = o.maxPages ?? 50;
  const problems: string[] = [];
  const kalshiBase = o.kalshiRestUrl.replace(/\/+$/, "");
  const gammaBase = o.gammaUrl.replace(/\/+$/, "");
  const kalshiJobs = o.leagues.flatMap((league) =>
    league.kalshiSeries.map(async (series) => {
      const games: KalshiGame[] = [];
      let cursor = "";
      for (let page = 0; page < maxPages; page++) {
        const q = new URLSearchParams({ series_ticker: series, with_nested_markets: "true", status: "open", limit: "200" });
        if (cursor !== "") q.set("cursor", cursor);
        const body = await getJson(fetchImpl, `${kalshiBase}/events?${q}`, KalshiDiscoveryEvents, timeoutMs, retry);
        if (typeof body === "string") {
          problems.push(body);
          break;
        }
        for (const e of body.events) {
          const g = parseKalshiEvent(league, e);
          if (g !== undefined) games.push(g);
        }
        cursor = body.cursor ?? "";
        if (cursor === "" || body.events.length === 0) break;
      }
      return games;
    }),
  );
  const polyJobs = o.leagues.flatMap((league) =>
    league.polymarketTags.map(async (tag) => {
      const games: PolyGame[] = [];
      for (let page = 0; page < maxPages; page++) {
        const q = new URLSearchParams({ tag_slug: tag, active: "true", closed: "false", limit: "100", offset: String(page * 100) });
        const body = await getJson(fetchImpl, `${gammaBase}/events?${q}`, GammaDiscoveryEvents, timeoutMs, retry);
        if (typeof body === "string") {
          problems.push(body);
          break;
        }
        for (const e of body) {
          const g = parseGammaEvent(league, e);
          if (g !== undefined) games.push(g);
        }
        if (body.length < 100) break;
      }
      return games;
    }),
  );
  const [k, p] = await Promise.all([Promise.all(kalshiJobs), Promise.all(polyJobs)]);
  // A league listed under two tags returns its events twice.
  const byId = new Map<string, PolyGame>();
  for (const g of p.flat()) if (!byId.has(g.eventId)) byId.set(g.eventId, g);
  const polymarket = [...byId.values()];
  return { kalshi: k.flat(), polymarket, problems };
}
