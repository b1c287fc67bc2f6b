import { KALSHI_DEMO, KALSHI_PRODUCTION, POLYMARKET_PRODUCTION, type PolymarketUrls } from "@arb/venues";
import { ConfigError } from "./load.js";
import type { Config } from "./schema.js";

export interface VenueUrls {
  readonly kalshi: { readonly rest: string; readonly ws: string };
  readonly polymarket: PolymarketUrls;
}

/** The simulator's URLs are known only once it listens; these presets resolve at start. */
export function resolveUrls(c: Config, simulator?: VenueUrls): VenueUrls {
  const k = c.venues.kalshi;
  const p = c.venues.polymarket;
  const kBase = k.preset === "simulator" ? simulator?.kalshi : k.preset === "demo" ? KALSHI_DEMO : KALSHI_PRODUCTION;
  const pBase = p.preset === "simulator" ? simulator?.polymarket : POLYMARKET_PRODUCTION;
  if (kBase === undefined || pBase === undefined) throw new ConfigError([`venues: the simulator preset needs mode simulator (mode is ${c.mode})`]);
  return {
    kalshi: { rest: k.restUrl ?? kBase.rest, ws: k.wsUrl ?? kBase.ws },
    polymarket: {
      clob: p.urls.clob ?? pBase.clob,
      gamma: p.urls.gamma ?? pBase.gamma,
      wsMarket: p.urls.wsMarket ?? pBase.wsMarket,
      wsUser: p.urls.wsUser ?? pBase.wsUser,
    },
  };
}
