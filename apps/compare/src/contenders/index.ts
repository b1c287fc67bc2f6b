import { fixturePeer } from "./fixture-peer.js";
import { ours, oursTs } from "./ours.js";
import { python } from "./python.js";
import { teraussModel, teraussModelFixed } from "./terauss-model.js";
import type { Contender } from "./types.js";

/** Every contender the harness knows, by its --bots name. */
export const CONTENDERS: Readonly<Record<string, Contender>> = {
  ours,
  "ours-ts": oursTs,
  python,
  "terauss-model": teraussModel,
  "terauss-model-fixed": teraussModelFixed,
  "fixture-peer": fixturePeer,
};
