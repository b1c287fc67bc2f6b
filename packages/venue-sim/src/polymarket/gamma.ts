import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { PolymarketEventListing, PolymarketMarketListing } from "../generator/polymarket-listing.js";
import { POLYMARKET_LEAGUE_TAGS } from "../generator/polymarket-names.js";
import { type Route, matchRoute } from "../http/router.js";
import type { SimCore } from "../runtime/core.js";
import { gammaEventJson, gammaMarketJson } from "./format.js";

/**
 * Gamma (gamma-api.polymarket.com): events with their markets, and markets, filtered the way discovery asks:
 * id, slug, tag_id / tag_slug, active, closed, condition_ids, clob_token_ids, limit, offset. List filters take
 * repeated or comma-separated values.
 */
export function createGamma(core: SimCore, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const ex = core.polymarket;
  const gameOf = (e: PolymarketEventListing) => core.games[core.listing.events.indexOf(e)];

  function mid(m: PolymarketMarketListing): number {
    const b = ex.tokenBook(m.outcomes[0].tokenId);
    const bid = b?.bids[0]?.[0];
    const ask = b?.asks[0]?.[0];
    if (bid === undefined || ask === undefined) return 5000;
    return Math.round((bid + ask) / 2 / m.tickUnits) * m.tickUnits;
  }

  function marketOut(e: PolymarketEventListing, m: PolymarketMarketListing): Record<string, unknown> | undefined {
    const g = gameOf(e);
    const state = ex.market(m.conditionId);
    return g === undefined || state === undefined ? undefined : gammaMarketJson(m, state, g, mid(m));
  }

  const isClosed = (e: PolymarketEventListing): boolean => e.markets.every((m) => ex.market(m.conditionId)?.status !== "active");

  function eventOut(e: PolymarketEventListing): Record<string, unknown> | undefined {
    const g = gameOf(e);
    if (g === undefined) return undefined;
    return gammaEventJson(
      e,
      e.markets.flatMap((m): Record<string, unknown>[] => {
        const out = marketOut(e, m);
        return out === undefined ? [] : [out];
      }),
      g,
      isClosed(e),
      POLYMARKET_LEAGUE_TAGS[e.league],
    );
  }

  const list = (q: URLSearchParams, key: string): string[] | undefined => {
    const all = q
      .getAll(key)
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter((v) => v !== "");
    return all.length === 0 ? undefined : all;
  };
  const flag = (q: URLSearchParams, key: string): boolean | undefined => {
    const v = q.get(key);
    return v === "true" ? true : v === "false" ? false : undefined;
  };
  function window<T>(items: readonly T[], q: URLSearchParams): T[] {
    const offset = Math.max(0, Number(q.get("offset") ?? "0") || 0);
    const limit = Math.max(0, Number(q.get("limit") ?? "500") || 500);
    return items.slice(offset, offset + limit);
  }
  const tagMatches = (e: PolymarketEventListing, q: URLSearchParams): boolean => {
    const tag = POLYMARKET_LEAGUE_TAGS[e.league];
    const ids = list(q, "tag_id");
    const slugs = list(q, "tag_slug") ?? list(q, "tag");
    return (ids === undefined || ids.includes(tag.id) || ids.includes("1")) && (slugs === undefined || slugs.includes(tag.slug) || slugs.includes("sports"));
  };

  function events(q: URLSearchParams): unknown[] {
    const ids = list(q, "id");
    const slugs = list(q, "slug");
    const active = flag(q, "active");
    const closed = flag(q, "closed");
    const hits = core.listing.events.filter(
      (e) =>
        (ids === undefined || ids.includes(e.eventId)) &&
        (slugs === undefined || slugs.includes(e.slug)) &&
        tagMatches(e, q) &&
        (active === undefined || active) &&
        (closed === undefined || closed === isClosed(e)),
    );
    return window(hits, q).flatMap((e) => eventOut(e) ?? []);
  }

  function markets(q: URLSearchParams): unknown[] {
    const ids = list(q, "id");
    const slugs = list(q, "slug");
    const conditions = list(q, "condition_ids");
    const tokens = list(q, "clob_token_ids");
    const active = flag(q, "active");
    const closed = flag(q, "closed");
    const hits = core.listing.events.flatMap((e) =>
      e.markets
        .filter(
          (m) =>
            (ids === undefined || ids.includes(m.marketId)) &&
            (slugs === undefined || slugs.includes(m.slug)) &&
            (conditions === undefined || conditions.includes(m.conditionId)) &&
            (tokens === undefined || m.outcomes.some((o) => tokens.includes(o.tokenId))) &&
            tagMatches(e, q) &&
            (active === undefined || active) &&
            (closed === undefined || closed === (ex.market(m.conditionId)?.status !== "active")),
        )
        .map((m) => [e, m] as const),
    );
    return window(hits, q).flatMap(([e, m]) => marketOut(e, m) ?? []);
  }

  type Handler = (params: Record<string, string>, query: URLSearchParams) => { status: number; body: unknown };
  const routes: Route<Handler>[] = [
    { method: "GET", pattern: "/events", handler: (_p: Record<string, string>, q: URLSearchParams) => ({ status: 200, body: events(q) }) },
    {
      method: "GET",
      pattern: "/events/:id",
      handler: (p: Record<string, string>) => {
        const e = core.listing.events.find((x) => x.eventId === p["id"]);
        const out = e === undefined ? undefined : eventOut(e);
        return out === undefined ? { status: 404, body: { error: "event not found" } } : { status: 200, body: out };
      },
    },
    { method: "GET", pattern: "/markets", handler: (_p: Record<string, string>, q: URLSearchParams) => ({ status: 200, body: markets(q) }) },
    {
      method: "GET",
      pattern: "/markets/:id",
      handler: (p: Record<string, string>) => {
        const e = core.listing.events.find((x) => x.markets.some((m) => m.marketId === p["id"]));
        const m = e?.markets.find((x) => x.marketId === p["id"]);
        const out = e === undefined || m === undefined ? undefined : marketOut(e, m);
        return out === undefined ? { status: 404, body: { error: "market not found" } } : { status: 200, body: out };
      },
    },
  ];

  return (req, res) => {
    try {
      core.advance();
      const url = new URL(req.url ?? "/", "http://sim.invalid");
      const match = matchRoute(routes, (req.method ?? "GET").toUpperCase(), url.pathname);
      const out = match.found ? match.route.handler(match.params, url.searchParams) : { status: match.status, body: { error: "not found" } };
      const text = JSON.stringify(out.body);
      res.writeHead(out.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    } catch (err) {
      logger.error({ err }, "gamma handler failed");
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal error"}');
    }
  };
}
