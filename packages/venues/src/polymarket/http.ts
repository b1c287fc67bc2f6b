import type { Pool } from "undici";
import type { LocalAccount } from "viem";
import { z } from "zod";
import {
  type HttpMethod,
  type HttpRequest,
  type Layer,
  type Send,
  compose,
  createPool,
  orderSocketTransport,
  poolTransport,
  retrying,
  sleep,
} from "../net/send.js";
import { OrderSocketPool } from "../net/order-socket.js";
import { type Page, collectPages } from "../net/paginate.js";
import { rateLimitedBy } from "../net/rate-limit.js";
import { callRest } from "../net/rest.js";
import type { VenueResult } from "../ports.js";
import { createL1Headers, createL2Headers } from "./auth.js";
import type { PolymarketConfig, PolymarketCreds } from "./config.js";
import { POLYMARKET_REST_ERRORS, type RequestKind, makeError } from "./errors.js";
import { POLYMARKET_CLOB_LIMITS } from "./limits.js";
import type { PolymarketOrderBody } from "./sign.js";
import { CLOB_PATHS, END_CURSOR, INITIAL_CURSOR, type QueryValue, withQuery } from "./urls.js";
import {
  PolyApiKeyResponse,
  PolyBalanceAllowance,
  PolyBookSummary,
  PolyBooks,
  PolyCancelResponse,
  PolyClobMarket,
  PolyNegRiskResponse,
  PolyOpenOrder,
  PolyOpenOrdersPage,
  PolyOrderResponse,
  PolyOrderResponses,
  PolyTickSizeResponse,
  PolyTimeResponse,
  PolyTradesPage,
  PolyVersionResponse,
} from "./wire.js";

/** Tokens per POST /books: the venue refuses larger batches (the simulator at 500), so a re-seed of more is split. */
export const BOOKS_PER_REQUEST = 500;

type Auth = "none" | "l1" | "l2";

interface Call<S extends z.ZodType> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as this exact JSON string, which is also what the L2 HMAC signs. */
  readonly body?: string;
  readonly auth: Auth;
  readonly kind: RequestKind;
  readonly schema: S;
  readonly nonce?: number;
}

export interface PolymarketClobOptions {
  readonly config: PolymarketConfig;
  readonly account?: LocalAccount | undefined;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface OrderQuery {
  readonly id?: string;
  readonly market?: string;
  readonly asset_id?: string;
}

export interface TradeQuery extends OrderQuery {
  readonly maker_address?: string;
  readonly before?: string;
  readonly after?: string;
}

/** The header carrying the auth kind from `call` to the signing layer (stripped before sending). */
const AUTH_HEADER = "x-arb-auth";

/**
 * The CLOB REST client: one keep-alive undici Pool, `retry( rateLimit( sign( transport )))` so every attempt waits
 * for the documented limits (`limits.ts`) and is freshly signed,
 * zod at the boundary and `{ ok, value | error }` results (never a throw for a venue or network failure). Retries
 * apply to idempotent requests only; POST /order and POST /orders are sent exactly once.
 */
export class PolymarketClob {
  private readonly pool: Pool;
  private readonly send: Send;
  private readonly config: PolymarketConfig;
  private readonly account: LocalAccount | undefined;
  private readonly now: () => number;
  private creds: PolymarketCreds | undefined;
  /** Server clock minus ours, in seconds, from /time (the HMAC and L1 signatures carry our timestamp). */
  /** The single-order path: the same layers over the order sockets (or the pool when they are off). */
  private readonly sendOrder: Send;
  private readonly orderSockets: OrderSocketPool | undefined;
  private clockOffsetSec = 0;

  constructor(options: PolymarketClobOptions) {
    this.config = options.config;
    this.account = options.account;
    this.creds = options.config.creds;
    this.now = options.now ?? Date.now;
    const origin = new URL(this.config.urls.clob).origin;
    this.pool = createPool(origin, this.config.connections, this.config.requestTimeoutMs);
    const random = options.random ?? Math.random;
    const r = this.config.retry;
    // One limiter for both transports: orders and reads share the venue's limits.
    const limit = rateLimitedBy(POLYMARKET_CLOB_LIMITS, this.now, sleep);
    const layers = (transport: Send): Send =>
      compose(transport, retrying(r.attempts - 1, { baseMs: r.baseMs, maxMs: r.maxMs }, random, sleep), limit, this.signing());
    this.send = layers(poolTransport(this.pool));
    if (this.config.orderSockets > 0) {
      this.orderSockets = new OrderSocketPool({
        origin,
        connections: this.config.orderSockets,
        maxIdleMs: this.config.orderSocketMaxIdleMs,
        timeoutMs: this.config.requestTimeoutMs,
        now: this.now,
      });
    }
    this.sendOrder = this.orderSockets === undefined ? this.send : layers(orderSocketTransport(this.orderSockets));
  }

  get address(): string | undefined {
    return this.account?.address;
  }

  get apiKey(): string | undefined {
    return this.creds?.key;
  }

  setCreds(creds: PolymarketCreds): void {
    this.creds = creds;
  }

  private nowSec(): number {
    return Math.floor(this.now() / 1000) + this.clockOffsetSec;
  }

  private signing(): Layer {
    return (next) => async (req) => {
      const { [AUTH_HEADER]: auth, ...headers } = req.headers;
      if (auth === "l2") {
        if (this.account === undefined || this.creds === undefined) throw new Error("L2 auth needs a private key and API credentials");
        const h = createL2Headers(this.account.address, this.creds, this.nowSec(), req.method, req.signedPath, req.body);
        return next({ ...req, headers: { ...headers, ...h } });
      }
      if (auth !== undefined && auth !== "none") {
        if (this.account === undefined) throw new Error("L1 auth needs a private key");
        const h = await createL1Headers(this.account, this.config.chainId, this.nowSec(), Number(auth.slice(3)));
        return next({ ...req, headers: { ...headers, ...h } });
      }
      return next({ ...req, headers });
    };
  }

  private async call<S extends z.ZodType>(c: Call<S>): Promise<VenueResult<z.output<S>>> {
    if (c.auth === "l2" && (this.account === undefined || this.creds === undefined)) {
      return { ok: false, error: makeError("POLYMARKET_NOT_CONFIGURED", "rejected", "this request needs a private key and API credentials") };
    }
    if (c.auth === "l1" && this.account === undefined) {
      return { ok: false, error: makeError("POLYMARKET_NOT_CONFIGURED", "rejected", "this request needs a private key") };
    }
    // The order sockets are dialled with the client's first request (its start-up reads), warm before any order.
    this.orderSockets?.start();
    const req: HttpRequest = {
      method: c.method,
      pathWithQuery: withQuery(c.path, c.query),
      signedPath: c.path,
      ...(c.body !== undefined && { body: c.body }),
      headers: { [AUTH_HEADER]: c.auth === "l1" ? `l1:${c.nonce ?? 0}` : c.auth },
      bucket: c.kind === "read" ? "read" : "write",
      idempotent: c.kind !== "order",
    };
    // A single order goes on the order sockets: written before this call returns (see net/order-socket.ts).
    return callRest(c.path === CLOB_PATHS.order ? this.sendOrder : this.send, { req, schema: c.schema, kind: c.kind }, POLYMARKET_REST_ERRORS);
  }

  // ---- public ----

  ok(): Promise<VenueResult<unknown>> {
    return this.call({ method: "GET", path: CLOB_PATHS.ok, auth: "none", kind: "read", schema: z.unknown() });
  }

  /** Which order format the CLOB wants (2 = CTF Exchange V2, domain "2"; 3 = ExchangeV3). */
  async version(): Promise<VenueResult<number>> {
    const r = await this.call({ method: "GET", path: CLOB_PATHS.version, auth: "none", kind: "read", schema: PolyVersionResponse });
    return r.ok ? { ok: true, value: r.value.version } : r;
  }

  /** Server time in seconds; `syncClock` keeps signatures valid on a skewed host. */
  time(): Promise<VenueResult<number>> {
    return this.call({ method: "GET", path: CLOB_PATHS.time, auth: "none", kind: "read", schema: PolyTimeResponse });
  }

  async syncClock(): Promise<VenueResult<number>> {
    const r = await this.time();
    if (r.ok) this.clockOffsetSec = r.value - Math.floor(this.now() / 1000);
    return r.ok ? { ok: true, value: this.clockOffsetSec } : r;
  }

  book(tokenId: string): Promise<VenueResult<PolyBookSummary>> {
    return this.call({ method: "GET", path: CLOB_PATHS.book, query: { token_id: tokenId }, auth: "none", kind: "read", schema: PolyBookSummary });
  }

  /** POST /books with [{token_id}]: a read, so retried like a GET; at most `BOOKS_PER_REQUEST` tokens a request. */
  async books(tokenIds: readonly string[]): Promise<VenueResult<PolyBookSummary[]>> {
    const out: PolyBookSummary[] = [];
    for (let i = 0; i < tokenIds.length; i += BOOKS_PER_REQUEST) {
      const body = JSON.stringify(tokenIds.slice(i, i + BOOKS_PER_REQUEST).map((token_id) => ({ token_id })));
      const r = await this.call({ method: "POST", path: CLOB_PATHS.books, body, auth: "none", kind: "read", schema: PolyBooks });
      if (!r.ok) return r;
      out.push(...r.value);
    }
    return { ok: true, value: out };
  }

  async tickSize(tokenId: string): Promise<VenueResult<number>> {
    const r = await this.call({
      method: "GET",
      path: CLOB_PATHS.tickSize,
      query: { token_id: tokenId },
      auth: "none",
      kind: "read",
      schema: PolyTickSizeResponse,
    });
    return r.ok ? { ok: true, value: r.value.minimum_tick_size } : r;
  }

  async negRisk(tokenId: string): Promise<VenueResult<boolean>> {
    const r = await this.call({
      method: "GET",
      path: CLOB_PATHS.negRisk,
      query: { token_id: tokenId },
      auth: "none",
      kind: "read",
      schema: PolyNegRiskResponse,
    });
    return r.ok ? { ok: true, value: r.value.neg_risk } : r;
  }

  clobMarket(conditionId: string): Promise<VenueResult<PolyClobMarket>> {
    return this.call({ method: "GET", path: `${CLOB_PATHS.clobMarket}${conditionId}`, auth: "none", kind: "read", schema: PolyClobMarket });
  }

  // ---- L1: API credentials ----

  async createApiKey(nonce = 0): Promise<VenueResult<PolymarketCreds>> {
    const r = await this.call({ method: "POST", path: CLOB_PATHS.createApiKey, auth: "l1", nonce, kind: "mutation", schema: PolyApiKeyResponse });
    return r.ok ? { ok: true, value: { key: r.value.apiKey, secret: r.value.secret, passphrase: r.value.passphrase } } : r;
  }

  async deriveApiKey(nonce = 0): Promise<VenueResult<PolymarketCreds>> {
    const r = await this.call({ method: "GET", path: CLOB_PATHS.deriveApiKey, auth: "l1", nonce, kind: "read", schema: PolyApiKeyResponse });
    return r.ok ? { ok: true, value: { key: r.value.apiKey, secret: r.value.secret, passphrase: r.value.passphrase } } : r;
  }

  /** Creates credentials, or derives the existing ones for this nonce (the SDK's createOrDeriveApiKey), and keeps them. */
  async createOrDeriveApiKey(nonce = 0): Promise<VenueResult<PolymarketCreds>> {
    const created = await this.createApiKey(nonce);
    const r = created.ok ? created : await this.deriveApiKey(nonce);
    if (r.ok) this.creds = r.value;
    return r;
  }

  // ---- L2: orders ----

  postOrder(body: PolymarketOrderBody): Promise<VenueResult<PolyOrderResponse>> {
    return this.call({ method: "POST", path: CLOB_PATHS.order, body: JSON.stringify(body), auth: "l2", kind: "order", schema: PolyOrderResponse });
  }

  postOrders(bodies: readonly PolymarketOrderBody[]): Promise<VenueResult<PolyOrderResponse[]>> {
    return this.call({ method: "POST", path: CLOB_PATHS.orders, body: JSON.stringify(bodies), auth: "l2", kind: "order", schema: PolyOrderResponses });
  }

  cancelOrder(orderId: string): Promise<VenueResult<z.output<typeof PolyCancelResponse>>> {
    return this.call({
      method: "DELETE",
      path: CLOB_PATHS.order,
      body: JSON.stringify({ orderID: orderId }),
      auth: "l2",
      kind: "mutation",
      schema: PolyCancelResponse,
    });
  }

  cancelOrders(orderIds: readonly string[]): Promise<VenueResult<z.output<typeof PolyCancelResponse>>> {
    return this.call({ method: "DELETE", path: CLOB_PATHS.orders, body: JSON.stringify(orderIds), auth: "l2", kind: "mutation", schema: PolyCancelResponse });
  }

  cancelAll(): Promise<VenueResult<z.output<typeof PolyCancelResponse>>> {
    return this.call({ method: "DELETE", path: CLOB_PATHS.cancelAll, auth: "l2", kind: "mutation", schema: PolyCancelResponse });
  }

  cancelMarketOrders(target: { readonly market: string } | { readonly asset_id: string }): Promise<VenueResult<z.output<typeof PolyCancelResponse>>> {
    return this.call({
      method: "DELETE",
      path: CLOB_PATHS.cancelMarketOrders,
      body: JSON.stringify(target),
      auth: "l2",
      kind: "mutation",
      schema: PolyCancelResponse,
    });
  }

  order(orderId: string): Promise<VenueResult<PolyOpenOrder>> {
    return this.call({ method: "GET", path: `${CLOB_PATHS.orderById}${orderId}`, auth: "l2", kind: "read", schema: PolyOpenOrder });
  }

  /** Every open order matching the query, following next_cursor from MA== to LTE=. */
  openOrders(query: OrderQuery = {}): Promise<VenueResult<PolyOpenOrder[]>> {
    return collectPages("polymarket", async (cursor): Promise<VenueResult<Page<PolyOpenOrder>>> => {
      const r = await this.call({
        method: "GET",
        path: CLOB_PATHS.openOrders,
        query: { ...query, next_cursor: cursor ?? INITIAL_CURSOR },
        auth: "l2",
        kind: "read",
        schema: PolyOpenOrdersPage,
      });
      return r.ok ? { ok: true, value: { items: r.value.data, cursor: r.value.next_cursor === END_CURSOR ? undefined : r.value.next_cursor } } : r;
    });
  }

  trades(query: TradeQuery = {}): Promise<VenueResult<z.output<typeof PolyTradesPage>["data"]>> {
    return collectPages("polymarket", async (cursor) => {
      const r = await this.call({
        method: "GET",
        path: CLOB_PATHS.trades,
        query: { ...query, next_cursor: cursor ?? INITIAL_CURSOR },
        auth: "l2",
        kind: "read",
        schema: PolyTradesPage,
      });
      return r.ok ? { ok: true as const, value: { items: r.value.data, cursor: r.value.next_cursor === END_CURSOR ? undefined : r.value.next_cursor } } : r;
    });
  }

  /** pUSD (COLLATERAL) or a token's (CONDITIONAL) balance, in base units. */
  async balanceAllowance(assetType: "COLLATERAL" | "CONDITIONAL", tokenId?: string): Promise<VenueResult<bigint>> {
    const query = { asset_type: assetType, token_id: tokenId, signature_type: this.config.signatureType };
    const r = await this.call({ method: "GET", path: CLOB_PATHS.balanceAllowance, query, auth: "l2", kind: "read", schema: PolyBalanceAllowance });
    return r.ok ? { ok: true, value: BigInt(r.value.balance) } : r;
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.orderSockets?.close()]);
  }
}
