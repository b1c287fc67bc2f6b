import { fileURLToPath } from "node:url";

/** The repository root, from this file's place (src/ or dist/ of apps/compare). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Where a run's committed results go. */
export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));
/** The fixture peer (a test fixture, run by the harness's own tests and by --quick). */
export const FIXTURE_PEER = fileURLToPath(new URL("../test/fixture-peer/peer.mjs", import.meta.url));
/** The terauss model's Cargo project. */
export const MODEL_DIR = fileURLToPath(new URL("../model/", import.meta.url));
