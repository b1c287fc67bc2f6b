import type { FeeModel, VenueId } from "@arb/domain";

/** Returned by the core for a refused fee schedule (the u16 sentinel: schedule ids are stored as u16). */
export const NO_SCHEDULE = 0xffff;
/** Returned by the core for a refused pair (u32 max, seen as -1 from Wasm). */
export const NO_PAIR = -1;
/** Raw / effective ask meaning "no ask". */
export const NO_ASK = 0xffff;
/** Pair slots are allocated in blocks of this many (keeps every Wasm region 16-byte aligned). */
export const CAPACITY_STEP = 128;

export const venueCode = (v: VenueId): number => (v === "kalshi" ? 0 : 1);
export const modelCode = (m: FeeModel): number => (m === "exact" ? 0 : 1);
