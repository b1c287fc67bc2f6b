import type { DetectionEngine } from "@arb/core-wasm";
import type { Logger } from "pino";
import { createVenueLogger } from "../log.js";
import type { VenueEventSink } from "../ports.js";
import { createKalshiSigner, loadKalshiKey } from "./auth.js";
import { KalshiConfig, type KalshiConfigInput } from "./config.js";
import { KalshiRest } from "./http.js";
import { KalshiMarketData } from "./ws.js";

export { KalshiConfig, type KalshiConfigInput, KALSHI_TIERS, rateBudget } from "./config.js";
export { KALSHI_DEMO, KALSHI_PRODUCTION } from "./urls.js";
export { createKalshiSigner, loadKalshiKey, signKalshi, signingMessage, KalshiKeyError, type KalshiSigner } from "./auth.js";
export { KalshiRest, KalshiPublicConfig, createKalshiPublicRest, type KalshiPublicConfigInput, type KalshiRestConfig, type OrderbookLevels } from "./http.js";
export * as kalshiWire from "./wire.js";
export { KalshiMarketData } from "./ws.js";
export { KalshiFeed, type FeedOutput } from "./feed.js";
export { checkKalshiBook } from "./consistency.js";
export { createOrderBody } from "./parse.js";
export { kalshiEventTicker, kalshiMarketLabel, parseKalshiTicker, type KalshiTickerParts } from "./markets.js";
export type { KalshiErrorCode } from "./errors.js";
export { createKalshiFrameBench, type KalshiFrameBench } from "./bench-frame.js";

export interface KalshiClients {
  readonly rest: KalshiRest;
  readonly marketData: KalshiMarketData;
  close(): Promise<void>;
}

/** Builds both Kalshi clients from one config (parsed here: a bad config throws with every zod issue). */
export function createKalshiClients(options: { config: KalshiConfigInput; engine: DetectionEngine; sink: VenueEventSink; logger?: Logger }): KalshiClients {
  const config = KalshiConfig.parse(options.config);
  const key = loadKalshiKey(config.privateKeyPem !== undefined ? { privateKeyPem: config.privateKeyPem } : { privateKeyPath: config.privateKeyPath ?? "" });
  const signer = createKalshiSigner(config.keyId, key);
  const logger = options.logger ?? createVenueLogger();
  const rest = new KalshiRest({ config, signer, logger });
  const marketData = new KalshiMarketData({ config, signer, engine: options.engine, sink: options.sink, logger });
  return {
    rest,
    marketData,
    async close() {
      await Promise.all([rest.close(), marketData.close()]);
    },
  };
}
