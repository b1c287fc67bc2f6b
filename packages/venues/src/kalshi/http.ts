import type { Logger } from "pino";
import type { Pool } from "undici";
import { z } from "zod";
import { collectPages } from "../net/paginate.js";
import { OrderSocketPool } from "../net/order-socket.js";
import { rateLimitedBy } from "../net/rate-limit.js";
import { callRest } from "../net/rest.js";
import { type Send, type Sleep, compose, createPool, orderSocketTransport, poolTransport, retrying, signing, sleep } from "../net/send.js";
import type { CancelAck, ExecClient, FillReport, OrderAck, OrderIntent, OrderState, PositionReport, VenueResult } from "../ports.js";
import type { KalshiSigner } from "./auth.js";
import { KalshiConfig } from "./config.js";
import { KALSHI_REST_ERRORS, type RequestKind } from "./errors.js";
import { kalshiBudget, kalshiRateLimits } from "./limits.js";
import { cancelAckFrom, createOrderBody, fillFromRest, flatLevels, orderAckFrom, orderStateFrom, positionFrom } from "./parse.js";
import { type QueryValue, type RestTarget, restTarget } from "./urls.js";
import {
  KalshiBalance,
  KalshiCancelOrderV2Response,
  KalshiCreateOrderV2Response,
  type KalshiEvent,
  KalshiExchangeStatus,
  KalshiGetEventResponse,
  KalshiGetEventsResponse,
  KalshiGetFillsResponse,
  KalshiGetMarketResponse,
  KalshiGetMarketsResponse,
  KalshiGetOrderResponse,
  KalshiGetOrderbookResponse,
  KalshiGetOrdersResponse,
  KalshiGetPositionsResponse,
  KalshiGetSeriesListResponse,
  KalshiGetSeriesResponse,
  type KalshiMarket,
  type KalshiSeries,
} from "./wire.js";

/**
 * What the REST client reads of a Kalshi config: all of it but the key, which only the signer holds. A full
 * `KalshiConfig` is one; `KalshiPublicConfig` parses one for a client without a key.
 */
export type KalshiRestConfig = Omit<KalshiConfig, "keyId" | "privateKeyPem" | "privateKeyPath">;

export const KalshiPublicConfig = z.object(KalshiConfig.shape).omit({ keyId: true, privateKeyPem: true, privateKeyPath: true });
export type KalshiPublicConfigInput = z.input<typeof KalshiPublicConfig>;

export interface KalshiRestOptions {
  readonly config: KalshiRestConfig;
  /** null: no key; requests go unsigned, so only the public endpoints (events, series, markets, order books) answer. */
  readonly signer: KalshiSigner | null;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: Sleep;
}

interface Call<S extends z.ZodType> {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly kind: RequestKind;
  readonly schema: S;
  /** The target when it is fixed and already split (the order path skips URL parsing). */
  readonly target?: RestTarget;
}

export interface OrderbookLevels {
  /** Flat [priceUnits, sizeHundredths, …], ascending (best bid last). */
  readonly yesBids: number[];
  readonly noBids: number[];
}

const enc = encodeURIComponent;
const CREATE_ORDER_PATH = "/portfolio/events/orders";

/**
 * Kalshi REST (Trade API v2) over a keep-alive undici Pool: signed, rate-limited per read/write tier, retried only
 * when idempotent, every response zod-parsed. Methods never throw for venue or transport failures; they return
 * `{ ok: false, error: { code, outcome } }`.
 *
 * Retry choice: GETs are retried on 429 / 5xx / transport errors. Order creation is retried too, because it always
 * carries a `client_order_id` that the venue deduplicates: a resend cannot double the order; if the first attempt
 * did land, the resend gets a 409, reported as `unknown` so reconciliation (lookup by client_order_id) decides.
 * Cancels and other mutations are sent once.
 */
export class KalshiRest implements ExecClient {
  readonly venue = "kalshi" as const;
  private readonly pool: Pool;
  private readonly send: Send;
  /** The create-order path: the same layers over the order sockets (or the pool when they are off). */
  private readonly sendOrder: Send;
  private readonly orderSockets: OrderSocketPool | undefined;
  private readonly config: KalshiRestConfig;
  private readonly logger: Logger;
  private readonly signer: KalshiSigner | null;
  private readonly createTarget: RestTarget;
  private closed: Promise<void> | undefined;

  constructor(options: KalshiRestOptions) {
    const { config, signer } = options;
    this.config = config;
    this.logger = options.logger;
    this.signer = signer;
    const refreshMs = config.http.orderSignatureRefreshMs;
    this.createTarget = restTarget(config.restUrl, CREATE_ORDER_PATH);
    if (signer !== null && refreshMs > 0) signer.keepFresh("POST", this.createTarget.signedPath, refreshMs, 4 * refreshMs);
    const now = options.now ?? Date.now;
    const wait = options.sleep ?? sleep;
    // One limiter for both transports: orders and reads share the venue's budget.
    const limit = rateLimitedBy(kalshiRateLimits(kalshiBudget(config)), now, wait);
    this.pool = createPool(new URL(config.restUrl).origin, config.http.connections, config.http.timeoutMs);
    const layers = (transport: Send): Send =>
      compose(
        transport,
        retrying(config.http.maxRetries, config.http.backoff, options.random ?? Math.random, wait),
        limit,
        ...(signer === null ? [] : [signing((method, path) => signer.headers(method, path, now()))]),
      );
    this.send = layers(poolTransport(this.pool));
    // Without a key there are no orders, so no order sockets to keep warm.
    if (signer !== null && config.http.orderSockets > 0) {
      this.orderSockets = new OrderSocketPool({
        origin: new URL(config.restUrl).origin,
        connections: config.http.orderSockets,
        maxIdleMs: config.http.orderSocketMaxIdleMs,
        timeoutMs: config.http.timeoutMs,
        now,
      });
    }
    this.sendOrder = this.orderSockets === undefined ? this.send : layers(orderSocketTransport(this.orderSockets));
  }

  private async call<S extends z.ZodType>(c: Call<S>): Promise<VenueResult<z.output<S>>> {
    // The order sockets are dialled with the client's first request (its start-up reads), warm before any order.
    this.orderSockets?.start();
    const target = c.target ?? restTarget(this.config.restUrl, c.path, c.query);
    const req = {
      method: c.method,
      pathWithQuery: target.pathWithQuery,
      signedPath: target.signedPath,
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      headers: { accept: "application/json" },
      bucket: c.kind === "read" ? ("read" as const) : ("write" as const),
      idempotent: c.kind !== "mutation",
    };
    return callRest(c.path === CREATE_ORDER_PATH ? this.sendOrder : this.send, { req, schema: c.schema, kind: c.kind }, KALSHI_REST_ERRORS, {
      venue: "kalshi",
      logger: this.logger,
    });
  }

  private async map<A, B>(p: Promise<VenueResult<A>>, f: (a: A) => B): Promise<VenueResult<B>> {
    const r = await p;
    return r.ok ? { ok: true, value: f(r.value) } : r;
  }

  // ---- orders ----

  /** Create Order V2 (`POST /portfolio/events/orders`); see `createOrderBody` for the YES-side pricing. */
  placeOrder(intent: OrderIntent): Promise<VenueResult<OrderAck>> {
    const body = createOrderBody(intent, {
      selfTradePrevention: this.config.selfTradePrevention,
      ...(this.config.subaccount === undefined ? {} : { subaccount: this.config.subaccount }),
    });
    const r = this.call({ method: "POST", path: CREATE_ORDER_PATH, target: this.createTarget, body, kind: "create", schema: KalshiCreateOrderV2Response });
    return this.map(r, (v) => orderAckFrom(v, intent));
  }

  /** Cancel Order V2 (`DELETE /portfolio/events/orders/{id}`). */
  cancelOrder(orderId: string): Promise<VenueResult<CancelAck>> {
    const r = this.call({ method: "DELETE", path: `/portfolio/events/orders/${enc(orderId)}`, kind: "mutation", schema: KalshiCancelOrderV2Response });
    return this.map(r, cancelAckFrom);
  }

  getOrder(orderId: string): Promise<VenueResult<OrderState>> {
    const r = this.call({ method: "GET", path: `/portfolio/orders/${enc(orderId)}`, kind: "read", schema: KalshiGetOrderResponse });
    return this.map(r, (v) => orderStateFrom(v.order));
  }

  listOrders(filter: { ticker?: string; eventTicker?: string; status?: "resting" | "canceled" | "executed" } = {}): Promise<VenueResult<OrderState[]>> {
    return collectPages("kalshi", (cursor) =>
      this.map(
        this.call({
          method: "GET",
          path: "/portfolio/orders",
          query: { ticker: filter.ticker, event_ticker: filter.eventTicker, status: filter.status, limit: 1000, cursor },
          kind: "read",
          schema: KalshiGetOrdersResponse,
        }),
        (v) => ({ items: v.orders.map(orderStateFrom), cursor: v.cursor }),
      ),
    );
  }

  openOrders(market?: string): Promise<VenueResult<OrderState[]>> {
    return this.listOrders(market === undefined ? { status: "resting" } : { ticker: market, status: "resting" });
  }

  fills(filter: { ticker?: string; orderId?: string; minTs?: number; maxTs?: number } = {}): Promise<VenueResult<FillReport[]>> {
    return collectPages("kalshi", (cursor) =>
      this.map(
        this.call({
          method: "GET",
          path: "/portfolio/fills",
          query: { ticker: filter.ticker, order_id: filter.orderId, min_ts: filter.minTs, max_ts: filter.maxTs, limit: 1000, cursor },
          kind: "read",
          schema: KalshiGetFillsResponse,
        }),
        (v) => ({ items: v.fills.map(fillFromRest), cursor: v.cursor }),
      ),
    );
  }

  positions(filter: { ticker?: string; eventTicker?: string } = {}): Promise<VenueResult<PositionReport[]>> {
    return collectPages("kalshi", (cursor) =>
      this.map(
        this.call({
          method: "GET",
          path: "/portfolio/positions",
          query: { ticker: filter.ticker, event_ticker: filter.eventTicker, count_filter: "position", limit: 1000, cursor },
          kind: "read",
          schema: KalshiGetPositionsResponse,
        }),
        (v) => ({ items: v.market_positions.map(positionFrom), cursor: v.cursor }),
      ),
    );
  }

  /** Available balance in micros (`balance_dollars` when sent, else the integer cents). */
  balanceMicros(): Promise<VenueResult<number>> {
    const r = this.call({ method: "GET", path: "/portfolio/balance", kind: "read", schema: KalshiBalance });
    return this.map(r, (v) => v.balance_dollars ?? v.balance * 10_000);
  }

  // ---- market data ----

  markets(filter: { seriesTicker?: string; eventTicker?: string; status?: string; tickers?: readonly string[] } = {}): Promise<VenueResult<KalshiMarket[]>> {
    return collectPages("kalshi", (cursor) =>
      this.map(
        this.call({
          method: "GET",
          path: "/markets",
          query: {
            series_ticker: filter.seriesTicker,
            event_ticker: filter.eventTicker,
            status: filter.status,
            tickers: filter.tickers?.join(","),
            limit: 1000,
            cursor,
          },
          kind: "read",
          schema: KalshiGetMarketsResponse,
        }),
        (v) => ({ items: v.markets, cursor: v.cursor }),
      ),
    );
  }

  market(ticker: string): Promise<VenueResult<KalshiMarket>> {
    return this.map(this.call({ method: "GET", path: `/markets/${enc(ticker)}`, kind: "read", schema: KalshiGetMarketResponse }), (v) => v.market);
  }

  orderbook(ticker: string, depth?: number): Promise<VenueResult<OrderbookLevels>> {
    const r = this.call({ method: "GET", path: `/markets/${enc(ticker)}/orderbook`, query: { depth }, kind: "read", schema: KalshiGetOrderbookResponse });
    return this.map(r, (v) => ({ yesBids: flatLevels(v.orderbook_fp.yes_dollars), noBids: flatLevels(v.orderbook_fp.no_dollars) }));
  }

  /** Events with their markets nested (discovery). */
  events(filter: { seriesTicker?: string; status?: string } = {}): Promise<VenueResult<KalshiEvent[]>> {
    return collectPages("kalshi", (cursor) =>
      this.map(
        this.call({
          method: "GET",
          path: "/events",
          query: { series_ticker: filter.seriesTicker, status: filter.status, with_nested_markets: true, limit: 200, cursor },
          kind: "read",
          schema: KalshiGetEventsResponse,
        }),
        (v) => ({ items: v.events, cursor: v.cursor }),
      ),
    );
  }

  event(eventTicker: string): Promise<VenueResult<KalshiEvent>> {
    const r = this.call({
      method: "GET",
      path: `/events/${enc(eventTicker)}`,
      query: { with_nested_markets: true },
      kind: "read",
      schema: KalshiGetEventResponse,
    });
    return this.map(r, (v) => (v.event.markets === undefined && v.markets !== undefined ? { ...v.event, markets: v.markets } : v.event));
  }

  series(seriesTicker: string): Promise<VenueResult<KalshiSeries>> {
    return this.map(this.call({ method: "GET", path: `/series/${enc(seriesTicker)}`, kind: "read", schema: KalshiGetSeriesResponse }), (v) => v.series);
  }

  seriesList(filter: { category?: string } = {}): Promise<VenueResult<KalshiSeries[]>> {
    const r = this.call({ method: "GET", path: "/series", query: { category: filter.category }, kind: "read", schema: KalshiGetSeriesListResponse });
    return this.map(r, (v) => v.series ?? []);
  }

  exchangeStatus(): Promise<VenueResult<{ exchangeActive: boolean; tradingActive: boolean }>> {
    const r = this.call({ method: "GET", path: "/exchange/status", kind: "read", schema: KalshiExchangeStatus });
    return this.map(r, (v) => ({ exchangeActive: v.exchange_active, tradingActive: v.trading_active }));
  }

  close(): Promise<void> {
    this.signer?.close();
    this.closed ??= Promise.all([this.pool.close(), this.orderSockets?.close()]).then(() => undefined);
    return this.closed;
  }
}

/** A client of Kalshi's public endpoints that needs no key (discovery runs before one is configured). */
export function createKalshiPublicRest(options: { config: KalshiPublicConfigInput; logger: Logger; random?: () => number; sleep?: Sleep }): KalshiRest {
  const { config, ...rest } = options;
  return new KalshiRest({ ...rest, config: KalshiPublicConfig.parse(config), signer: null });
}
