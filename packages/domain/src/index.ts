export * from "./units.js";
export * from "./arb.js";
export * from "./fees.js";
export * from "./venue-order.js";
