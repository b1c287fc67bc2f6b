/** Kalshi's documented hosts (venues.md §1.1). Only these base URLs differ between production, demo and the simulator. */
export const KALSHI_PRODUCTION = {
  rest: "https://external-api.kalshi.com/trade-api/v2",
  ws: "wss://external-api-ws.kalshi.com/trade-api/ws/v2",
} as const;

export const KALSHI_DEMO = {
  rest: "https://external-api.demo.kalshi.co/trade-api/v2",
  ws: "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2",
} as const;

export type QueryValue = string | number | boolean | undefined;

/** A REST request target split the way the transport needs it: origin for the pool, path+query for the request,
 *  and the path Kalshi signs (full path from /trade-api/..., query removed). */
export interface RestTarget {
  readonly origin: string;
  readonly pathWithQuery: string;
  readonly signedPath: string;
}

export function restTarget(baseUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): RestTarget {
  const base = new URL(baseUrl);
  const signedPath = `${base.pathname.replace(/\/+$/, "")}${path}`;
  const params = new URLSearchParams();
  if (query !== undefined) {
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.append(k, String(v));
  }
  const qs = params.toString();
  return { origin: base.origin, pathWithQuery: qs === "" ? signedPath : `${signedPath}?${qs}`, signedPath };
}

/** The path signed on the WS upgrade: the URL's own path (e.g. /trade-api/ws/v2). */
export function wsSignedPath(wsUrl: string): string {
  return new URL(wsUrl).pathname;
}
