import type { FeeModel, VenueId } from "@arb/domain";

/** Returned by the core for a refused schedule or pair (the u16 sentinel). */
export const NO_SCHEDULE = 0xffff;
/** Raw / effective ask meaning "no ask". */
export const NO_ASK = 0xffff;
/** Pair slots are allocated in blocks of this many (keeps every Wasm region 16-byte aligned). */
export const CAPACITY_STEP = 128;

export const venueCode = (v: VenueId): number => (v === "kalshi" ? 0 : 1);
export const modelCode = (m: FeeModel): number => (m === "exact" ? 0 : 1);
