export * from "./ports.js";
export { computeBackoffMs, type BackoffPolicy } from "./backoff.js";
export { createVenueLogger, REDACT_PATHS } from "./log.js";
export { lastFrameArrivalUs } from "./net/frame-arrival.js";
export { ORDER_WRITTEN_CHANNEL } from "./net/order-socket.js";
export * from "./kalshi/index.js";
export * from "./polymarket/index.js";
export { isRetryableStatus } from "./net/send.js";
