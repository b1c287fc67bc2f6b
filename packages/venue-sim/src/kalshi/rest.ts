import type { IncomingMessage, ServerResponse } from "node:http";
import { ONE_DOLLAR_UNITS, intToDecimal } from "@arb/domain";
import type { Logger } from "pino";
import type { BookSide, TimeInForce } from "../exchange/book.js";
import type { OrderRecord, OrderRequest, SubmitResult } from "../exchange/kalshi.js";
import type { Game } from "../generator/games.js";
import { LEAGUE_INFO } from "../generator/teams.js";
import type { SimCore } from "../runtime/core.js";
import { authHeaders, checkSignature } from "./auth.js";
import { type KalshiError, badRequest, kalshiError, notFound, rejectionError, tooManyRequests, unauthorized } from "./errors.js";
import { dollars, eventJson, fillJson, fp, marketJson, orderJson, orderbookFp, positionJson, seriesJson } from "./format.js";
import { type Bucket, classify, takeToken } from "./rate-limit.js";
import { type Route, matchRoute } from "../http/router.js";
import type { Endpoint } from "../runtime/endpoint.js";
import { CreateOrderLegacy, CreateOrderV2, firstIssue } from "./wire.js";

export const REST_PREFIX = "/trade-api/v2";

interface Ctx {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly accountId: string | undefined;
  readonly nowMs: number;
  readonly endpoint: Endpoint;
  /** Numbers the request in the event log (`request.received`, stamped on arrival). */
  readonly request: number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

type Handler = (ctx: Ctx) => Reply | KalshiError | Promise<Reply | KalshiError>;
interface RouteSpec {
  readonly handler: Handler;
  readonly auth: boolean;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** cursor = the next offset as a string; "" at the end. */
function page<T>(items: readonly T[], query: URLSearchParams, max = 1000): { items: T[]; cursor: string } {
  const limit = Math.min(max, Math.max(1, Number(query.get("limit") ?? "100") || 100));
  const start = Number(query.get("cursor") ?? "0") || 0;
  const slice = items.slice(start, start + limit);
  return { items: slice, cursor: start + limit < items.length ? String(start + limit) : "" };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface KalshiRest {
  handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): void;
  /** Ends delayed responses (latency, timeouts) so the server can close. */
  close(): void;
}

/** One REST service for every endpoint; each request answers in its endpoint's dialect. */
export function createKalshiRest(core: SimCore, logger: Logger): KalshiRest {
  const ex = core.kalshi;
  const knobs = core.kalshiKnobs;
  const buckets = new Map<string, Bucket>();
  const pending = new Set<ServerResponse>();
  const gameOf = (eventTicker: string): Game | undefined => core.games.find((g) => g.eventTicker === eventTicker);

  function marketOut(ticker: string): Record<string, unknown> | undefined {
    const m = ex.market(ticker);
    const g = m === undefined ? undefined : gameOf(m.eventTicker);
    return m === undefined || g === undefined ? undefined : marketJson(m, g);
  }

  function marketsOut(tickers: readonly string[]): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const t of tickers) {
      const m = marketOut(t);
      if (m !== undefined) out.push(m);
    }
    return out;
  }

  function statusMatches(status: string | null, marketStatus: string): boolean {
    if (status === null || status === "") return true;
    const wanted = status.split(",");
    if (marketStatus === "active") return wanted.includes("open") || wanted.includes("active");
    if (marketStatus === "finalized") return wanted.includes("settled") || wanted.includes("finalized");
    return wanted.includes(marketStatus);
  }

  function submitReply(result: SubmitResult): OrderRecord | KalshiError {
    return result.ok ? result.order : rejectionError(result.rejection.code, result.rejection.message);
  }

  /** Places an order, honouring an armed one-sided fault (reject / timeout / late fill). */
  async function place(req: OrderRequest, ctx: Ctx): Promise<OrderRecord | KalshiError> {
    // `request` names the arrival stamp (request.received): a client's frame → order time is measured against it.
    core.log.append("order.received", core.clock(), {
      venue: "kalshi",
      client: ctx.endpoint.label,
      request: ctx.request,
      market: req.ticker,
      side: req.side,
      priceUnits: req.priceUnits,
      sizeHundredths: req.countHundredths,
      timeInForce: req.timeInForce,
      clientOrderId: req.clientOrderId,
    });
    const fault = knobs.faults.shift();
    if (fault?.mode === "reject") return kalshiError(503, "exchange_unavailable", "exchange unavailable", "simulated reject");
    if (fault?.mode === "late-fill") {
      const step = core.submitLateFill(req, fault.delayMs);
      return submitReply(step.result);
    }
    const step = ex.submit(req, core.clock());
    core.publishKalshi(step);
    if (fault?.mode === "timeout") await delay(fault.delayMs);
    return submitReply(step.result);
  }

  function v2Response(o: OrderRecord): Reply {
    const filled = o.filledHundredths;
    const extra =
      filled > 0
        ? {
            average_fill_price: intToDecimal(Math.floor((o.fillYesNotionalMicros * 100) / filled), 6),
            average_fee_paid: intToDecimal(Math.floor(((o.takerFeesMicros + o.makerFeesMicros) * 100) / filled), 6),
          }
        : {};
    return ok(
      {
        order_id: o.orderId,
        client_order_id: o.clientOrderId,
        fill_count: fp(filled),
        remaining_count: fp(o.remainingHundredths),
        ...extra,
        ts_ms: o.updatedMs,
      },
      201,
    );
  }

  function ownOrder(ctx: Ctx): OrderRecord | KalshiError {
    const o = ex.order(ctx.params["order_id"] ?? "");
    return o === undefined || o.accountId !== ctx.accountId ? notFound("order") : o;
  }

  const routes: Route<RouteSpec>[] = [];
  const add = (method: string, pattern: string, auth: boolean, handler: Handler) => routes.push({ method, pattern, handler: { handler, auth } });

  add("GET", "/exchange/status", false, () => ok({ exchange_active: true, trading_active: !ex.paused(), exchange_estimated_resume_time: null }));

  add("GET", "/series", false, () => {
    const seen = [...new Set(core.games.map((g) => g.league))];
    return ok({ series: seen.map((l) => seriesOut(LEAGUE_INFO[l].series)) });
  });
  add("GET", "/series/:series_ticker", false, (ctx) => {
    const s = seriesOut(ctx.params["series_ticker"] ?? "");
    return s === undefined ? notFound("series") : ok({ series: s });
  });
  function seriesOut(ticker: string): Record<string, unknown> | undefined {
    const g = core.games.find((x) => x.seriesTicker === ticker);
    const m = g === undefined ? undefined : ex.market(g.markets[0]?.ticker ?? "");
    return g === undefined || m === undefined ? undefined : seriesJson(ticker, g.league, m.takerRatePpm, m.makerRatePpm);
  }

  add("GET", "/events", false, (ctx) => {
    const series = ctx.query.get("series_ticker");
    const nested = ctx.query.get("with_nested_markets") === "true";
    const list = core.games.filter(
      (g) => (series === null || g.seriesTicker === series) && statusMatches(ctx.query.get("status"), ex.market(g.markets[0]?.ticker ?? "")?.status ?? ""),
    );
    const p = page(list, ctx.query, 200);
    return ok({ events: p.items.map((g) => eventJson(g, nested ? marketsOut(g.markets.map((m) => m.ticker)) : undefined)), cursor: p.cursor });
  });
  add("GET", "/events/:event_ticker", false, (ctx) => {
    const g = gameOf(ctx.params["event_ticker"] ?? "");
    if (g === undefined) return notFound("event");
    const markets = marketsOut(g.markets.map((m) => m.ticker));
    const nested = ctx.query.get("with_nested_markets") === "true";
    return ok({ event: eventJson(g, nested ? markets : undefined), markets: nested ? [] : markets });
  });

  add("GET", "/markets", false, (ctx) => {
    const q = ctx.query;
    const tickers = q
      .get("tickers")
      ?.split(",")
      .filter((t) => t !== "");
    const list = ex
      .markets()
      .filter(
        (m) =>
          (q.get("series_ticker") === null || m.seriesTicker === q.get("series_ticker")) &&
          (q.get("event_ticker") === null || m.eventTicker === q.get("event_ticker")) &&
          (tickers === undefined || tickers.includes(m.ticker)) &&
          statusMatches(q.get("status"), m.status),
      );
    const p = page(list, q);
    return ok({ markets: marketsOut(p.items.map((m) => m.ticker)), cursor: p.cursor });
  });
  add("GET", "/markets/:ticker", false, (ctx) => {
    const m = marketOut(ctx.params["ticker"] ?? "");
    return m === undefined ? notFound("market") : ok({ market: m });
  });
  add("GET", "/markets/:ticker/orderbook", false, (ctx) => {
    const m = ex.market(ctx.params["ticker"] ?? "");
    if (m === undefined) return notFound("market");
    const depthText = ctx.query.get("depth");
    const depth = depthText === null ? undefined : Number(depthText);
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 0 || depth > 100)) return badRequest("depth: expected an integer in 0..100");
    const book = orderbookFp(m, depth);
    if (ctx.endpoint.kalshi === "current") return ok({ orderbook_fp: book });
    const cents = (rows: string[][]) => rows.map(([p, s]) => [Math.round(Number(p) * 100), Math.floor(Number(s))]);
    return ok({ orderbook: { yes: cents(book.yes_dollars), no: cents(book.no_dollars), yes_dollars: book.yes_dollars, no_dollars: book.no_dollars } });
  });

  add("GET", "/portfolio/balance", true, (ctx) => {
    const a = ex.account(ctx.accountId ?? "");
    if (a === undefined) return notFound("account");
    let value = 0;
    for (const [ticker, p] of a.positions) {
      const m = ex.market(ticker);
      const bid = m?.book.bids[0]?.priceUnits ?? 0;
      const ask = m?.book.asks[0]?.priceUnits ?? ONE_DOLLAR_UNITS;
      value += p.yesHundredths * bid + p.noHundredths * (ONE_DOLLAR_UNITS - ask);
    }
    return ok({
      balance: Math.floor(a.balanceMicros / 10_000),
      portfolio_value: Math.floor(value / 10_000),
      balance_dollars: dollars(Math.floor(a.balanceMicros / 100)),
      updated_ts: Math.floor(ctx.nowMs / 1000),
    });
  });
  add("GET", "/portfolio/positions", true, (ctx) => {
    const a = ex.account(ctx.accountId ?? "");
    if (a === undefined) return notFound("account");
    const fills = ex.fillsOf(a.accountId);
    const orders = ex.ordersOf(a.accountId);
    const ticker = ctx.query.get("ticker");
    const eventTicker = ctx.query.get("event_ticker");
    const rows = [...a.positions]
      .filter(([t]) => (ticker === null || t === ticker) && (eventTicker === null || ex.market(t)?.eventTicker === eventTicker))
      .map(([t, p]) => positionJson(t, p, fills, orders.filter((o) => o.ticker === t && o.status === "resting").length));
    const p = page(rows, ctx.query);
    const events = [...new Set(p.items.map((r) => ex.market(String(r["ticker"]))?.eventTicker ?? ""))].map((e) => ({
      event_ticker: e,
      event_exposure_dollars: dollars(0),
      fees_paid_dollars: dollars(0),
      realized_pnl_dollars: dollars(0),
    }));
    return ok({ market_positions: p.items, event_positions: events, cursor: p.cursor });
  });
  add("GET", "/portfolio/orders", true, (ctx) => {
    const q = ctx.query;
    const list = ex
      .ordersOf(ctx.accountId ?? "")
      .filter(
        (o) =>
          (q.get("ticker") === null || o.ticker === q.get("ticker")) &&
          (q.get("event_ticker") === null || ex.market(o.ticker)?.eventTicker === q.get("event_ticker")) &&
          (q.get("status") === null || o.status === q.get("status")),
      )
      .reverse();
    const p = page(list, q);
    return ok({ orders: p.items.map(orderJson), cursor: p.cursor });
  });
  add("GET", "/portfolio/orders/:order_id", true, (ctx) => {
    const o = ownOrder(ctx);
    return "body" in o ? o : ok({ order: orderJson(o) });
  });
  add("GET", "/portfolio/fills", true, (ctx) => {
    const q = ctx.query;
    const minTs = Number(q.get("min_ts") ?? "0") * 1000;
    const maxTs = q.get("max_ts") === null ? Number.POSITIVE_INFINITY : Number(q.get("max_ts")) * 1000;
    const list = ex
      .fillsOf(ctx.accountId ?? "")
      .filter(
        (f) =>
          (q.get("ticker") === null || f.ticker === q.get("ticker")) &&
          (q.get("order_id") === null || f.orderId === q.get("order_id")) &&
          f.tsMs >= minTs &&
          f.tsMs <= maxTs,
      )
      .slice()
      .reverse();
    const p = page(list, q);
    return ok({ fills: p.items.map(fillJson), cursor: p.cursor });
  });

  add("POST", "/portfolio/events/orders", true, async (ctx) => {
    const r = CreateOrderV2.safeParse(ctx.body);
    if (!r.success) return badRequest(firstIssue(r.error));
    const b = r.data;
    const placed = await place(
      {
        accountId: ctx.accountId ?? "",
        ticker: b.ticker,
        side: b.side,
        priceUnits: b.price,
        countHundredths: b.count,
        timeInForce: b.time_in_force,
        selfTradePrevention: b.self_trade_prevention_type,
        postOnly: b.post_only ?? false,
        cancelOnPause: b.cancel_order_on_pause ?? false,
        clientOrderId: b.client_order_id ?? "",
      },
      ctx,
    );
    return "body" in placed ? placed : v2Response(placed);
  });

  add("POST", "/portfolio/orders", true, async (ctx) => {
    const r = CreateOrderLegacy.safeParse(ctx.body);
    if (!r.success) return badRequest(firstIssue(r.error));
    const b = r.data;
    const yesUnits =
      b.yes_price !== undefined
        ? b.yes_price * 100
        : b.yes_price_dollars !== undefined
          ? b.yes_price_dollars
          : ONE_DOLLAR_UNITS - (b.no_price !== undefined ? b.no_price * 100 : (b.no_price_dollars ?? 0));
    // buy yes ≡ sell no (bid); buy no ≡ sell yes (ask): order_direction.md's table
    const side: BookSide = (b.action === "buy") === (b.side === "yes") ? "bid" : "ask";
    const tif: TimeInForce = b.buy_max_cost !== undefined ? "fill_or_kill" : (b.time_in_force ?? "good_till_canceled");
    const placed = await place(
      {
        accountId: ctx.accountId ?? "",
        ticker: b.ticker,
        side,
        priceUnits: yesUnits,
        countHundredths: b.count_fp ?? (b.count ?? 0) * 100,
        timeInForce: tif,
        selfTradePrevention: b.self_trade_prevention_type ?? "taker_at_cross",
        postOnly: b.post_only ?? false,
        cancelOnPause: b.cancel_order_on_pause ?? false,
        clientOrderId: b.client_order_id ?? "",
      },
      ctx,
    );
    return "body" in placed ? placed : ok({ order: orderJson(placed) }, 201);
  });

  function cancelOwn(ctx: Ctx): { order: OrderRecord; reducedBy: number } | KalshiError {
    const o = ownOrder(ctx);
    if ("body" in o) return o;
    if (o.status !== "resting") return kalshiError(404, "not_found", "order is not resting");
    const remaining = o.remainingHundredths;
    const step = ex.cancel(o.orderId, ctx.nowMs);
    core.publishKalshi(step);
    return { order: step.result ?? o, reducedBy: remaining };
  }
  add("DELETE", "/portfolio/orders/:order_id", true, (ctx) => {
    const c = cancelOwn(ctx);
    return "body" in c ? c : ok({ order: orderJson(c.order), reduced_by_fp: fp(c.reducedBy) });
  });
  add("DELETE", "/portfolio/events/orders/:order_id", true, (ctx) => {
    const c = cancelOwn(ctx);
    return "body" in c ? c : ok({ order_id: c.order.orderId, client_order_id: c.order.clientOrderId, reduced_by: fp(c.reducedBy), ts_ms: ctx.nowMs });
  });

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    pending.delete(res);
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  let requests = 0;
  async function serve(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
    const nowMs = core.advance();
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const rel = url.pathname.slice(REST_PREFIX.length) || "/";
    const match = matchRoute(routes, method, rel);
    const h = authHeaders(req.headers);
    const request = ++requests;
    core.log.append("request.received", nowMs, {
      venue: "kalshi",
      client: endpoint.label,
      request,
      method,
      path: url.pathname + url.search,
      keyId: h.key ?? null,
    });
    if (!match.found)
      return send(res, match.status, kalshiError(match.status, match.status === 404 ? "not_found" : "method_not_allowed", "no such endpoint").body);
    const spec = match.route.handler;
    let accountId: string | undefined;
    if (spec.auth || h.key !== undefined) {
      const check = checkSignature(h, method, url.pathname, core.kalshiKey, nowMs, knobs.authSkewMs);
      if (!check.ok) {
        const e = unauthorized(check.details);
        return send(res, e.status, e.body);
      }
      accountId = check.key.accountId;
      core.labelAccount(accountId, endpoint.label);
    }
    const cls = classify(method, rel);
    const bucketKey = `${accountId ?? req.socket.remoteAddress ?? "anon"}:${cls}`;
    const taken = takeToken(buckets.get(bucketKey), nowMs, cls === "write" ? knobs.writePerSec : knobs.readPerSec);
    buckets.set(bucketKey, taken.bucket);
    if (!taken.ok) {
      const e = tooManyRequests();
      return send(res, e.status, e.body);
    }
    const latency = knobs.latencyByEndpoint.get(`${method} ${match.route.pattern}`) ?? knobs.latencyAllMs;
    if (latency > 0) await delay(latency);
    let body: unknown;
    if (method === "POST" || method === "PUT") {
      const text = await readBody(req);
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        return send(res, 400, badRequest("body: not valid JSON").body);
      }
    }
    const out = await spec.handler({ params: match.params, query: url.searchParams, body, accountId, nowMs: core.clock(), endpoint, request });
    send(res, out.status, out.body);
  }

  return {
    handle(req, res, endpoint) {
      pending.add(res);
      serve(req, res, endpoint).catch((err: unknown) => {
        logger.error({ err }, "kalshi rest handler failed");
        send(res, 500, kalshiError(500, "internal_server_error", "internal server error").body);
      });
    },
    close() {
      for (const res of pending) res.destroy();
      pending.clear();
    },
  };
}
