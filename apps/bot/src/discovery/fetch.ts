import type { z } from "zod";
import type { League } from "./leagues.js";
import { type KalshiGame, type PolyGame, parseGammaEvent, parseKalshiEvent } from "./listing.js";
import { GammaDiscoveryEvents, KalshiDiscoveryEvents } from "./wire.js";

export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface Listings {
  readonly kalshi: KalshiGame[];
  readonly polymarket: PolyGame[];
  /** Requests that failed or answered something unreadable; discovery goes on with what it has. */
  readonly problems: string[];
}

async function getJson<S extends z.ZodType>(fetchImpl: Fetch, url: string, schema: S, timeoutMs: number): Promise<z.output<S> | string> {
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return `${url}: HTTP ${res.status}`;
    const r = schema.safeParse(await res.json());
    return r.success ? r.data : `${url}: unexpected body at ${r.error.issues[0]?.path.join(".") ?? "?"}: ${r.error.issues[0]?.message ?? ""}`;
  } catch (err) {
    return `${url}: ${(err as Error).message}`;
  }
}

/** The thin shell around the pure parsers: each league's Kalshi game series and Polymarket tags, every page. */
export async function fetchListings(o: { kalshiRestUrl: string; gammaUrl: string; leagues: readonly League[]; fetchImpl?: Fetch; timeoutMs?: number; maxPages?: number }): Promise<Listings> {
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
        const body = await getJson(fetchImpl, `${kalshiBase}/events?${q}`, KalshiDiscoveryEvents, timeoutMs);
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
        const body = await getJson(fetchImpl, `${gammaBase}/events?${q}`, GammaDiscoveryEvents, timeoutMs);
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
