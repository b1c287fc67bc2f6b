/** A minimal method + path-template router: "/markets/:ticker/orderbook". */
export interface Route<H> {
  readonly method: string;
  /** The template, also the key for per-endpoint latency ("GET /markets/:ticker"). */
  readonly pattern: string;
  readonly handler: H;
}

export type RouteMatch<H> =
  | { readonly found: true; readonly route: Route<H>; readonly params: Readonly<Record<string, string>> }
  | { readonly found: false; readonly status: 404 | 405 };

export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): RouteMatch<H> {
  const parts = path.split("/").filter((p) => p !== "");
  let pathMatched = false;
  for (const route of routes) {
    const tpl = route.pattern.split("/").filter((p) => p !== "");
    if (tpl.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < tpl.length && ok; i++) {
      const t = tpl[i] as string;
      const p = parts[i] as string;
      if (t.startsWith(":")) params[t.slice(1)] = decodeURIComponent(p);
      else ok = t === p;
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { found: true, route, params };
  }
  return { found: false, status: pathMatched ? 405 : 404 };
}
