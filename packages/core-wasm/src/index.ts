export type { BookViews, DetectionEngine } from "./engine.js";
export { DetectionCore, type WasmFlavor } from "./wasm.js";
export { TwinCore } from "./twin/index.js";
export { decodeRecord, RECORD_WORDS, type Opportunity } from "./records.js";
export { NO_ASK, CAPACITY_STEP } from "./codes.js";

import type { DetectionEngine } from "./engine.js";
import { TwinCore } from "./twin/index.js";
import { DetectionCore } from "./wasm.js";

export type EngineFlavor = DetectionEngine["flavor"];

/** Creates an engine of the given flavor (default: the Wasm SIMD build). */
export function createEngine(flavor: EngineFlavor = "wasm-simd"): DetectionEngine {
  if (flavor === "ts-twin") return new TwinCore();
  return new DetectionCore(flavor === "wasm-simd" ? "simd" : "scalar");
}
