import type { Config } from "./schema.js";
import { resolveUrls } from "./urls.js";

/**
 * The venue URLs of a paper or live run that are not TLS (`http://`, `ws://`): over them signed requests, orders and
 * the Polymarket socket login would travel in clear. Each is named with the setting it comes from.
 */
export function insecureVenueUrls(c: Config): string[] {
  const u = resolveUrls(c);
  const named: ReadonlyArray<readonly [string, string]> = [
    ["venues.kalshi.restUrl", u.kalshi.rest],
    ["venues.kalshi.wsUrl", u.kalshi.ws],
    ["venues.polymarket.urls.clob", u.polymarket.clob],
    ["venues.polymarket.urls.gamma", u.polymarket.gamma],
    ["venues.polymarket.urls.wsMarket", u.polymarket.wsMarket],
    ["venues.polymarket.urls.wsUser", u.polymarket.wsUser],
  ];
  return named.filter(([, url]) => !/^(https|wss):\/\//i.test(url)).map(([field, url]) => `${field}: ${url} is not TLS`);
}
