// TS twin of assembly/layout.ts: the same struct-of-arrays store in JS typed arrays.
import { CAPACITY_STEP, NO_ASK } from "../codes.js";
import { RECORD_WORDS } from "../records.js";

type Legs<T> = [T, T, T, T];

export interface TwinStore {
  capacity: number;
  pairCount: number;
  ask: Legs<Uint16Array>;
  eff: Legs<Uint16Array>;
  size: Legs<Uint32Array>;
  schedK: Uint16Array;
  schedP: Uint16Array;
  /** One bit per pair in 32-bit words (JS bit operators are 32-bit; the Wasm store uses u64 words). */
  inflight: Uint32Array;
  cooling: Uint32Array;
  coolUntil: Float64Array;
  out: Uint32Array;
  result: Uint32Array;
  feeTables: Uint16Array[];
  /** Cost limit: $1 − min edge, in price units. */
  limit: number;
}

const legs = <T>(make: () => T): Legs<T> => [make(), make(), make(), make()];

export function createStore(): TwinStore {
  return {
    capacity: 0,
    pairCount: 0,
    ask: legs(() => new Uint16Array(0)),
    eff: legs(() => new Uint16Array(0)),
    size: legs(() => new Uint32Array(0)),
    schedK: new Uint16Array(0),
    schedP: new Uint16Array(0),
    inflight: new Uint32Array(0),
    cooling: new Uint32Array(0),
    coolUntil: new Float64Array(0),
    out: new Uint32Array(0),
    result: new Uint32Array(RECORD_WORDS),
    feeTables: [],
    limit: 10_000,
  };
}

function grown<T extends Uint16Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T, n: number, fill?: number): T {
  const next = make(n);
  if (fill !== undefined) next.fill(fill);
  next.set(old);
  return next;
}

/** Grows the store to hold at least wantPairs pairs (capacity doubles from CAPACITY_STEP, as in Wasm). */
export function reserve(s: TwinStore, wantPairs: number): void {
  if (wantPairs <= s.capacity && s.capacity !== 0) return;
  let cap = s.capacity === 0 ? CAPACITY_STEP : s.capacity;
  while (cap < wantPairs) cap *= 2;
  const u16 = (n: number) => new Uint16Array(n);
  const u32 = (n: number) => new Uint32Array(n);
  s.ask = legs4(s.ask, (a) => grown(a, u16, cap, NO_ASK));
  s.eff = legs4(s.eff, (a) => grown(a, u16, cap, NO_ASK));
  s.size = legs4(s.size, (a) => grown(a, u32, cap));
  s.schedK = grown(s.schedK, u16, cap);
  s.schedP = grown(s.schedP, u16, cap);
  s.inflight = grown(s.inflight, u32, cap / 32);
  s.cooling = grown(s.cooling, u32, cap / 32);
  s.coolUntil = grown(s.coolUntil, (n) => new Float64Array(n), cap);
  s.out = new Uint32Array(cap * 4 * RECORD_WORDS);
  s.capacity = cap;
}

function legs4<T>(l: Legs<T>, f: (t: T) => T): Legs<T> {
  return [f(l[0]), f(l[1]), f(l[2]), f(l[3])];
}
