import type { Pool } from "undici";
import { z } from "zod";
import { rateLimitedBy } from "../net/rate-limit.js";
import { callRest } from "../net/rest.js";
import { type Send, compose, createPool, poolTransport, retrying, sleep } from "../net/send.js";
import type { VenueResult } from "../ports.js";
import type { PolymarketConfig } from "./config.js";
import { POLYMARKET_REST_ERRORS } from "./errors.js";
import { polymarketGammaLimits } from "./limits.js";
import { type PolymarketUrls, type QueryValue, withQuery } from "./urls.js";
import { PolyGammaEvent, PolyGammaMarket } from "./wire.js";

/** Discovery filters for GET /events (venues.md §2.1). */
export interface GammaEventQuery {
  readonly tag_id?: number;
  readonly tag_slug?: string;
  readonly slug?: string;
  readonly active?: boolean;
  readonly closed?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export interface GammaMarketQuery {
  readonly slug?: string;
  readonly id?: string;
  readonly condition_ids?: string;
  readonly clob_token_ids?: string;
  readonly tag_id?: number;
  readonly active?: boolean;
  readonly closed?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** What Gamma reads of a Polymarket config: a full `PolymarketConfig` is one; discovery builds one with just the host. */
export type GammaConfig = Pick<PolymarketConfig, "requestTimeoutMs" | "retry"> & { readonly urls: Pick<PolymarketUrls, "gamma"> };

/** Gamma metadata (events → markets); read-only, public, so every request may be retried. */
export class PolymarketGamma {
  private readonly pool: Pool;
  private readonly send: Send;
  private readonly basePath: string;

  constructor(config: GammaConfig, random: () => number = Math.random) {
    const url = new URL(config.urls.gamma);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.pool = createPool(url.origin, 2, config.requestTimeoutMs);
    const r = config.retry;
    this.send = compose(
      poolTransport(this.pool),
      retrying(r.attempts - 1, { baseMs: r.baseMs, maxMs: r.maxMs }, random, sleep),
      rateLimitedBy(polymarketGammaLimits(this.basePath), Date.now, sleep),
    );
  }

  private async get<S extends z.ZodType>(path: string, query: Readonly<Record<string, QueryValue>>, schema: S): Promise<VenueResult<z.output<S>>> {
    const full = `${this.basePath}${path}`;
    const req = { method: "GET" as const, pathWithQuery: withQuery(full, query), signedPath: full, headers: {}, bucket: "read" as const, idempotent: true };
    return callRest(this.send, { req, schema, kind: "read" }, POLYMARKET_REST_ERRORS);
  }

  events(query: GammaEventQuery = {}): Promise<VenueResult<PolyGammaEvent[]>> {
    return this.get("/events", { ...query }, z.array(PolyGammaEvent));
  }

  markets(query: GammaMarketQuery = {}): Promise<VenueResult<PolyGammaMarket[]>> {
    return this.get("/markets", { ...query }, z.array(PolyGammaMarket));
  }

  market(id: string): Promise<VenueResult<PolyGammaMarket>> {
    return this.get(`/markets/${encodeURIComponent(id)}`, {}, PolyGammaMarket);
  }

  /** Every event matching the query, by offset pages of `pageSize` until a short page. */
  async allEvents(query: Omit<GammaEventQuery, "limit" | "offset"> = {}, pageSize = 100, maxPages = 100): Promise<VenueResult<PolyGammaEvent[]>> {
    const all: PolyGammaEvent[] = [];
    for (let page = 0; page < maxPages; page++) {
      const r = await this.events({ ...query, limit: pageSize, offset: page * pageSize });
      if (!r.ok) return r;
      all.push(...r.value);
      if (r.value.length < pageSize) return { ok: true, value: all };
    }
    return {
      ok: false,
      error: { venue: "polymarket", code: "POLYMARKET_PAGINATION_RUNAWAY", outcome: "retryable", message: `more than ${maxPages} pages of events` },
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
