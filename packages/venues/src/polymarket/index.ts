import type { DetectionEngine } from "@arb/core-wasm";
import type { Logger } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import type { VenueEventSink } from "../ports.js";
import { PolymarketConfig, type PolymarketConfigInput, createPolymarketLogger } from "./config.js";
import { PolymarketExec } from "./exec.js";
import { PolymarketGamma } from "./gamma.js";
import { PolymarketClob } from "./http.js";
import { MarketRegistry } from "./markets.js";
import { PolymarketMarketData, PolymarketUserStream } from "./ws.js";

export {
  PolymarketConfig,
  type PolymarketConfigInput,
  PolymarketCreds,
  polymarketConfigFromEnv,
  createPolymarketLogger,
  POLYMARKET_REDACT_PATHS,
} from "./config.js";
export { POLYMARKET_PRODUCTION, type PolymarketUrls } from "./urls.js";
export { clobAuthTypedData, computeL2Signature, createL1Headers, createL2Headers, CLOB_AUTH_MESSAGE } from "./auth.js";
export {
  EXCHANGE_V2,
  EXCHANGE_V3,
  NEG_RISK_EXCHANGE_V2,
  ORDER_TYPES,
  buildOrderV2,
  hashOrderV2,
  orderBody,
  orderDomain,
  orderDigestV2,
  orderTypedData,
  type OrderV2,
  type SignedOrderV2,
  type PolymarketOrderBody,
  type SignatureType,
  type OrderVersion,
} from "./sign.js";
export {
  ROUNDING,
  computeLimitAmounts,
  computeMarketBuyAmounts,
  computeMarketSellAmounts,
  centsForShares,
  tickSizeOfUnits,
  type TickSize,
  type OrderAmounts,
} from "./amounts.js";
export * as polymarketWire from "./wire.js";
export { PolymarketClob } from "./http.js";
export { PolymarketGamma, type GammaEventQuery, type GammaMarketQuery } from "./gamma.js";
export { PolymarketExec, type StagedOrder } from "./exec.js";
export { createOrderSigner, nativeSigner, type OrderSigner, type SignerEngine } from "./order-signer.js";
export {
  MarketRegistry,
  bindPolymarketPair,
  marketInfoFrom,
  parsePolymarketMarketKey,
  polymarketMarketKey,
  type MarketInfo,
  type PolymarketPairBinding,
  type PolymarketPairBindResult,
} from "./markets.js";
export { PolymarketFeed } from "./feed.js";
export { checkPolymarketBook } from "./consistency.js";
export { FRAME_AHEAD_TOLERANCE_MS as POLYMARKET_FRAME_AHEAD_MS, PolymarketMarketData, PolymarketUserStream, type PolymarketBinding } from "./ws.js";
export type { PolymarketErrorCode } from "./errors.js";
export { createPolymarketFrameBench, type PolymarketFrameBench } from "./bench-frame.js";

export interface PolymarketClients {
  readonly clob: PolymarketClob;
  readonly gamma: PolymarketGamma;
  readonly marketData: PolymarketMarketData;
  /** Present when the config has a private key. */
  readonly exec?: PolymarketExec;
  /** Present when the config also has API credentials. */
  readonly user?: PolymarketUserStream;
  close(): Promise<void>;
}

/** Builds the Polymarket clients from one config (parsed here: a bad config throws with every zod issue). */
export function createPolymarketClients(options: {
  config: PolymarketConfigInput;
  engine: DetectionEngine;
  sink: VenueEventSink;
  logger?: Logger;
}): PolymarketClients {
  const config = PolymarketConfig.parse(options.config);
  const logger = options.logger ?? createPolymarketLogger();
  const account = config.privateKey === undefined ? undefined : privateKeyToAccount(config.privateKey as `0x${string}`);
  const registry = new MarketRegistry();
  const clob = new PolymarketClob({ config, account });
  const gamma = new PolymarketGamma(config);
  const marketData = new PolymarketMarketData({ config, clob, engine: options.engine, sink: options.sink, logger, registry });
  const exec = account === undefined ? undefined : new PolymarketExec({ config, clob, account, registry, logger });
  const user =
    exec === undefined || config.creds === undefined
      ? undefined
      : new PolymarketUserStream({ config, creds: config.creds, sink: options.sink, logger, registry, ownOrder: (id) => exec.ownOrder(id) });
  return {
    clob,
    gamma,
    marketData,
    ...(exec !== undefined && { exec }),
    ...(user !== undefined && { user }),
    async close() {
      await Promise.all([marketData.close(), user?.close(), gamma.close(), clob.close()]);
    },
  };
}
