/** Polymarket's documented hosts (venues.md §2.1). Only these base URLs differ between production and the simulator. */
export interface PolymarketUrls {
  /** CLOB REST, e.g. https://clob.polymarket.com */
  readonly clob: string;
  /** Gamma metadata REST. */
  readonly gamma: string;
  /** Public market channel. */
  readonly wsMarket: string;
  /** Authenticated user channel. */
  readonly wsUser: string;
}

export const POLYMARKET_PRODUCTION: PolymarketUrls = {
  clob: "https://clob.polymarket.com",
  gamma: "https://gamma-api.polymarket.com",
  wsMarket: "wss://ws-subscriptions-clob.polymarket.com/ws/market",
  wsUser: "wss://ws-subscriptions-clob.polymarket.com/ws/user",
};

/** CLOB paths (clob-client-v2 endpoints.ts). The L2 HMAC signs these, without the query string. */
export const CLOB_PATHS = {
  ok: "/ok",
  time: "/time",
  version: "/version",
  book: "/book",
  books: "/books",
  tickSize: "/tick-size",
  negRisk: "/neg-risk",
  clobMarket: "/clob-markets/",
  createApiKey: "/auth/api-key",
  deriveApiKey: "/auth/derive-api-key",
  order: "/order",
  orders: "/orders",
  cancelAll: "/cancel-all",
  cancelMarketOrders: "/cancel-market-orders",
  openOrders: "/data/orders",
  orderById: "/data/order/",
  trades: "/data/trades",
  balanceAllowance: "/balance-allowance",
} as const;

/** First and last cursor of the CLOB's paginated `/data/*` lists. */
export const INITIAL_CURSOR = "MA==";
export const END_CURSOR = "LTE=";

export type QueryValue = string | number | boolean | undefined;

/** Path plus the query string built from the defined entries (the signed path is the part before `?`). */
export function withQuery(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.append(k, String(v));
  const qs = params.toString();
  return qs === "" ? path : `${path}?${qs}`;
}
