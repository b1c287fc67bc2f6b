// Parity of the detection core's four implementations — Wasm SIMD, Wasm scalar, the TS twin and the native Rust
// reference — with @arb/domain's BigInt fee functions as the oracle for every fee. Books come from a seeded PRNG
// aimed at the places where integer code drifts apart: sentinel and out-of-range prices, costs at the limit and
// one unit either side, fee rounding steps, zero / one / u32-max sizes, ties between types, in-flight and cooling
// pairs around nowMs, and fee products that overflow u64.
import {
  type FeeSchedule,
  LEG_KALSHI_NO,
  LEG_KALSHI_YES,
  LEG_POLY_NO,
  LEG_POLY_YES,
  MAX_RATE_PPM,
  MAX_SIZE_HUNDREDTHS,
  kalshiOrderCostMicros,
  kalshiSchedule,
  kalshiTradeFeeMicros,
  perContractFeeUnits,
  polymarketOrderFeeMicros,
  polymarketSchedule,
} from "@arb/domain";
import { describe, expect, it } from "vitest";
import { DetectionCore, type DetectionEngine, NO_ASK, TwinCore } from "../src/index.js";
import { type DedupOp, type FeeQuery, REF_KERNELS, type RefCase, type RefCheckResult, refKernels, refStatus, runRefCheck } from "../src/ref.js";
import { twinFees } from "../src/twin/index.js";

const ONE_DOLLAR = 10_000;
const U32_MAX = 0xffff_ffff;
const TIMEOUT_MS = 60_000;

type Legs<T> = [T, T, T, T];

interface Spec {
  readonly pairs: number;
  readonly minEdge: number;
  readonly seed: number;
}

// Large sets carry the volume, the first past 65 535 pairs (no u16 sentinel may collide with a pair index); odd
// counts end the SIMD scan on a partial block; the small ones cover limits of 2 (only a zero-fee ask of 1 unit on
// each side clears), 0, a minimum edge above $1, a single pair and an empty store.
const SPECS: readonly Spec[] = [
  { pairs: 66_001, minEdge: 0, seed: 1 },
  { pairs: 16_384, minEdge: 50, seed: 2 },
  { pairs: 12_289, minEdge: 100, seed: 3 },
  { pairs: 8_191, minEdge: 9_998, seed: 4 },
  { pairs: 4_099, minEdge: 3_000, seed: 5 },
  { pairs: 2_053, minEdge: 1, seed: 6 },
  { pairs: 1_000, minEdge: 10_000, seed: 7 },
  { pairs: 517, minEdge: 25_000, seed: 8 },
  { pairs: 1, minEdge: 0, seed: 9 },
  { pairs: 0, minEdge: 0, seed: 10 },
];

/** mulberry32: tiny, seedable, and good enough to spread cases; reproducibility is what matters here. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Per-schedule facts the generator aims with, all from the BigInt oracle.

interface FeeInfo {
  /** perContractFeeUnits at every price 0..10 000. */
  readonly fee: Uint16Array;
  /** ask + fee at every price (index 0 unused: price 0 is no ask). */
  readonly eff: Uint16Array;
  /** A price 1..10 000 whose effective ask is the index, or −1. */
  readonly priceOfEff: Int32Array;
  /** Prices where the fee divides exactly or steps, and their neighbours. */
  readonly boundaries: readonly number[];
}

const infoCache = new Map<string, FeeInfo>();

/** Whether perContractFeeUnits divides exactly (no rounding) at price p, with a non-zero fee. */
function exactAt(s: FeeSchedule, p: number): boolean {
  const x = p * (ONE_DOLLAR - p);
  if (s.ratePpm === 0 || (x === 0 && s.exponent !== 0)) return false;
  // rate × x stays below 2^53, so plain numbers are exact for every case but exponent 2.
  if (s.model === "terauss") return s.venue === "kalshi" && (s.ratePpm * x) % 1e12 === 0;
  if (s.exponent === 0) return s.ratePpm % 100 === 0;
  if (s.exponent === 1) return (s.ratePpm * x) % 1e10 === 0;
  return (BigInt(s.ratePpm) * BigInt(x) ** 2n) % 10n ** 18n === 0n;
}

function feeInfo(s: FeeSchedule): FeeInfo {
  const key = JSON.stringify(s);
  const cached = infoCache.get(key);
  if (cached !== undefined) return cached;
  const fee = Uint16Array.from({ length: ONE_DOLLAR + 1 }, (_, p) => perContractFeeUnits(s, p));
  const eff = Uint16Array.from(fee, (f, p) => p + f);
  const priceOfEff = new Int32Array(2 * ONE_DOLLAR + 1).fill(-1);
  for (let p = 1; p <= ONE_DOLLAR; p++) priceOfEff[eff[p]!] = p;
  const boundaries = new Set<number>();
  for (let p = 1; p <= ONE_DOLLAR; p++) {
    if (exactAt(s, p) || fee[p] !== fee[p - 1]) {
      for (const q of [p - 1, p, p + 1]) if (q <= ONE_DOLLAR) boundaries.add(q);
    }
  }
  const info = { fee, eff, priceOfEff, boundaries: [...boundaries] };
  infoCache.set(key, info);
  return info;
}

// ---------------------------------------------------------------------------------------------------------------
// Case generation.

interface ParityCase extends RefCase {
  readonly kalshiSchedule: Uint16Array;
  readonly polySchedule: Uint16Array;
  readonly ask: Legs<Uint16Array>;
  readonly size: Legs<Uint32Array>;
  readonly inFlight: number[];
  readonly cooling: { readonly pair: number; readonly untilMs: number }[];
  readonly dedupOps: DedupOp[];
  readonly updates: { pair: Uint32Array; leg: Uint8Array; price: Uint16Array; size: Uint32Array };
  readonly feeQueries: FeeQuery[];
}

/** The four types as [YES leg, NO leg], in code order 1..4. */
const TYPE_LEGS: readonly (readonly [number, number])[] = [
  [LEG_POLY_YES, LEG_KALSHI_NO],
  [LEG_KALSHI_YES, LEG_POLY_NO],
  [LEG_POLY_YES, LEG_POLY_NO],
  [LEG_KALSHI_YES, LEG_KALSHI_NO],
];
const PRICE_EDGES = [0, 1, 2, 3, 9_997, 9_998, 9_999, ONE_DOLLAR, ONE_DOLLAR + 1, 20_000, NO_ASK - 1, NO_ASK];
const SIZE_EDGES = [1, 2, U32_MAX - 1, U32_MAX];

function price(r: Rng, info: FeeInfo): number {
  const k = r.next();
  if (k < 0.2) return r.pick(PRICE_EDGES);
  if (k < 0.45 && info.boundaries.length > 0) return r.pick(info.boundaries);
  return r.int(1, ONE_DOLLAR);
}

function size(r: Rng, mayBeZero = true): number {
  const k = r.next();
  if (mayBeZero && k < 0.08) return 0;
  if (k < 0.3) return r.pick(SIZE_EDGES);
  return k < 0.65 ? r.int(1, 100_000) : r.int(1, U32_MAX);
}

function schedulesFor(r: Rng): FeeSchedule[] {
  return [
    kalshiSchedule(70_000),
    kalshiSchedule(35_000),
    kalshiSchedule(70_000, "terauss"),
    kalshiSchedule(r.int(0, MAX_RATE_PPM)),
    kalshiSchedule(MAX_RATE_PPM),
    polymarketSchedule(50_000, 1),
    polymarketSchedule(250_000, 2),
    polymarketSchedule(20_000, 0),
    polymarketSchedule(0, 1),
    polymarketSchedule(50_000, 1, "terauss"),
    polymarketSchedule(r.int(0, MAX_RATE_PPM), r.int(0, 2)),
    polymarketSchedule(MAX_RATE_PPM, r.int(0, 2)),
  ];
}

function generateCase(spec: Spec): ParityCase {
  const r = new Rng(spec.seed);
  const n = spec.pairs;
  const schedules = schedulesFor(r);
  const infos = schedules.map(feeInfo);
  const ids = (venue: FeeSchedule["venue"]) => schedules.flatMap((s, id) => (s.venue === venue ? [id] : []));
  const kalshiIds = ids("kalshi");
  const polyIds = ids("polymarket");
  const limit = spec.minEdge >= ONE_DOLLAR ? 0 : ONE_DOLLAR - spec.minEdge;
  const nowMs = 1_750_000_000_000 + r.int(0, 1_000_000) + r.pick([0, 0.25, 0.5]);

  const kalshiSchedule = new Uint16Array(n);
  const polySchedule = new Uint16Array(n);
  const ask: Legs<Uint16Array> = [new Uint16Array(n), new Uint16Array(n), new Uint16Array(n), new Uint16Array(n)];
  const sizes: Legs<Uint32Array> = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)];
  const infoOf = (leg: number, i: number): FeeInfo => infos[leg === LEG_KALSHI_YES || leg === LEG_KALSHI_NO ? kalshiSchedule[i]! : polySchedule[i]!]!;
  const effOf = (leg: number, i: number): number => {
    const p = ask[leg]![i]!;
    return p === 0 || p > ONE_DOLLAR || sizes[leg]![i] === 0 ? NO_ASK : infoOf(leg, i).eff[p]!;
  };
  const setLeg = (leg: number, i: number, p: number, s: number) => {
    ask[leg]![i] = p;
    sizes[leg]![i] = s;
  };
  /** Prices `leg` so that its effective ask is `target`, when some price gives exactly that. */
  const aimLeg = (leg: number, i: number, target: number): boolean => {
    const p = target >= 1 && target <= 2 * ONE_DOLLAR ? infoOf(leg, i).priceOfEff[target]! : -1;
    if (p < 1) return false;
    setLeg(leg, i, p, size(r, false));
    return true;
  };
  /** Puts one type of pair i at cost limit + delta, and sometimes a second type level with it. */
  const aimPair = (i: number) => {
    const [yes, no] = r.pick(TYPE_LEGS);
    const delta = r.pick([-1, 0, 0, 1]);
    for (let tries = 0; tries < 8; tries++) {
      const p = r.int(1, Math.max(1, Math.min(ONE_DOLLAR, limit)));
      setLeg(yes, i, p, size(r, false));
      if (aimLeg(no, i, limit + delta - effOf(yes, i))) break;
    }
    if (r.chance(0.4)) {
      const otherYes = yes === LEG_POLY_YES ? LEG_KALSHI_YES : LEG_POLY_YES;
      aimLeg(otherYes, i, effOf(yes, i));
    }
  };

  for (let i = 0; i < n; i++) {
    kalshiSchedule[i] = r.chance(0.9) ? r.pick(kalshiIds) : r.int(0, schedules.length - 1);
    polySchedule[i] = r.chance(0.9) ? r.pick(polyIds) : r.int(0, schedules.length - 1);
    for (let leg = 0; leg < 4; leg++) setLeg(leg, i, price(r, infoOf(leg, i)), size(r));
    if (r.chance(0.4)) aimPair(i);
  }

  const inFlight: number[] = [];
  const cooling: { pair: number; untilMs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.next();
    if (k < 0.04) inFlight.push(i);
    else if (k < 0.12) cooling.push({ pair: i, untilMs: nowMs + r.pick([-1000, -1, -0.5, 0, 0, 0.5, 1, 1000]) });
  }
  const blocked = [...inFlight, ...cooling.map((c) => c.pair)];
  const anyPair = (): number => {
    const k = r.next();
    if (n > 0 && k < 0.7) return r.int(0, n - 1);
    if (blocked.length > 0 && k < 0.9) return r.pick(blocked);
    return r.pick([n, n + 1, n + 64, U32_MAX]);
  };

  const dedupOps: DedupOp[] = [];
  for (let k = 0; k < (n === 0 ? 16 : Math.min(4 * n, 4000)); k++) {
    const pair = anyPair();
    const at = nowMs + (r.chance(0.8) ? r.pick([-2, -1, -0.5, 0, 0, 0.5, 1, 2]) : r.int(-5000, 5000));
    const kind = r.next();
    if (kind < 0.4) dedupOps.push({ op: "tryAcquire", pair, nowMs: at });
    else if (kind < 0.8) {
      const cooldownMs = r.chance(0.7) ? r.pick([0, -1, Number.NaN, 0.5, 1, 2, 1000]) : r.int(1, 100_000);
      dedupOps.push({ op: "release", pair, nowMs: at, cooldownMs });
    } else dedupOps.push({ op: "isInFlight", pair });
  }

  // The case keeps the book as generated; the working arrays follow the updates, so each is aimed at the book it meets.
  const initialAsk = ask.map((a) => a.slice()) as Legs<Uint16Array>;
  const initialSize = sizes.map((s) => s.slice()) as Legs<Uint32Array>;
  const u = n === 0 ? 0 : Math.min(2 * n, 5000);
  const updates = {
    pair: new Uint32Array(u),
    leg: new Uint8Array(u),
    price: new Uint16Array(u),
    size: new Uint32Array(u),
  };
  for (let k = 0; k < u; k++) {
    const pair = blocked.length > 0 && r.chance(0.2) ? r.pick(blocked) : r.int(0, n - 1);
    const leg = r.int(0, 3);
    const [yes, no] = r.pick(TYPE_LEGS.filter(([y, x]) => y === leg || x === leg));
    const other = yes === leg ? no : yes;
    const otherEff = effOf(other, pair);
    const aimed = r.chance(0.4) && otherEff !== NO_ASK && aimLeg(leg, pair, limit + r.pick([-1, 0, 1]) - otherEff);
    if (!aimed) setLeg(leg, pair, price(r, infoOf(leg, pair)), size(r));
    updates.pair[k] = pair;
    updates.leg[k] = leg;
    updates.price[k] = ask[leg]![pair]!;
    updates.size[k] = sizes[leg]![pair]!;
  }

  const feeQueries = Array.from({ length: 3000 }, () => feeQuery(r, infos));
  return {
    schedules,
    kalshiSchedule,
    polySchedule,
    ask: initialAsk,
    size: initialSize,
    inFlight,
    cooling,
    minEdgeUnits: spec.minEdge,
    nowMs,
    dedupOps,
    updates,
    feeQueries,
  };
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** The fee's numerator per unit of size and its divisor, for aiming sizes at exact divisions. */
function orderFraction(q: Pick<FeeQuery, "kind" | "priceUnits" | "ratePpm"> & { exponent: number }): [bigint, bigint] {
  const x = BigInt(q.priceUnits) * BigInt(ONE_DOLLAR - q.priceUnits);
  if (q.kind !== "polymarketFee") return [BigInt(q.ratePpm) * x, 10n ** 10n];
  return [BigInt(q.ratePpm) * x ** BigInt(q.exponent), 10n ** BigInt(3 + 8 * q.exponent)];
}

const QUERY_PRICES = [0, 1, 2, 5_000, 9_998, 9_999, ONE_DOLLAR];
const QUERY_RATES = [0, 1, 20_000, 35_000, 50_000, 70_000, 250_000, 999_999, MAX_RATE_PPM];
const QUERY_SIZES = [0, 1, 99, 100, 101, 2 ** 32 - 1, 2 ** 32, MAX_SIZE_HUNDREDTHS - 1, MAX_SIZE_HUNDREDTHS];

function feeQuery(r: Rng, infos: readonly FeeInfo[]): FeeQuery {
  const kind = r.pick(["kalshiTradeFee", "kalshiOrderCost", "polymarketFee"] as const);
  const k = r.next();
  const stepped = infos.filter((info) => info.boundaries.length > 0);
  const priceUnits = k < 0.25 ? r.pick(QUERY_PRICES) : k < 0.5 ? r.pick(r.pick(stepped).boundaries) : r.int(0, ONE_DOLLAR);
  const ratePpm = r.chance(0.5) ? r.pick(QUERY_RATES) : r.int(0, MAX_RATE_PPM);
  const exponent = r.int(0, 2);
  let sizeHundredths: number;
  const s = r.next();
  if (s < 0.25) sizeHundredths = r.pick(QUERY_SIZES);
  else if (s < 0.5) {
    // Sizes where the fee divides exactly, and one either side: the rounding step.
    const [num, div] = orderFraction({ kind, priceUnits, ratePpm, exponent });
    const step = Number(num === 0n ? 1n : div / gcd(num, div));
    const multiples = Math.floor(MAX_SIZE_HUNDREDTHS / step);
    const base = multiples >= 1 ? step * r.int(1, multiples) : r.int(0, MAX_SIZE_HUNDREDTHS);
    sizeHundredths = Math.min(MAX_SIZE_HUNDREDTHS, Math.max(0, base + r.pick([-1, 0, 1])));
  } else sizeHundredths = r.chance(0.5) ? r.int(0, 1_000_000) : Math.floor(r.next() * MAX_SIZE_HUNDREDTHS);
  if (kind === "kalshiTradeFee") return { kind, sizeHundredths, priceUnits, ratePpm };
  if (kind === "polymarketFee") return { kind, sizeHundredths, priceUnits, ratePpm, exponent };
  const precisionMicros = r.chance(0.7) ? r.pick([1, 100, 10_000, 1_000_000]) : r.int(1, 1_000_000);
  return { kind, sizeHundredths, priceUnits, ratePpm, precisionMicros };
}

// ---------------------------------------------------------------------------------------------------------------
// Running the TS-side implementations on a case, in the order `core-ref check` runs it.

interface OrderFees {
  kalshiTradeFeeMicros(size: number, price: number, rate: number): number;
  kalshiOrderCostMicros(size: number, price: number, rate: number, precision: number): number;
  polymarketOrderFeeMicros(size: number, price: number, rate: number, exponent: number): number;
}

function answer(fees: OrderFees, q: FeeQuery): number {
  if (q.kind === "kalshiTradeFee") return fees.kalshiTradeFeeMicros(q.sizeHundredths, q.priceUnits, q.ratePpm);
  if (q.kind === "kalshiOrderCost") {
    return fees.kalshiOrderCostMicros(q.sizeHundredths, q.priceUnits, q.ratePpm, q.precisionMicros);
  }
  return fees.polymarketOrderFeeMicros(q.sizeHundredths, q.priceUnits, q.ratePpm, q.exponent);
}

function runEngine(e: DetectionEngine, fees: OrderFees, c: ParityCase): RefCheckResult {
  const ids = c.schedules.map((s) => e.addSchedule(s));
  const n = c.kalshiSchedule.length;
  for (let i = 0; i < n; i++) e.addPair(c.kalshiSchedule[i]!, c.polySchedule[i]!);
  for (let leg = 0; leg < 4; leg++) for (let i = 0; i < n; i++) e.setAsk(i, leg, c.ask[leg]![i]!, c.size[leg]![i]!);
  e.refreshAll();
  e.setMinEdge(c.minEdgeUnits);
  // The state through the public calls: a release at 0 with a cooldown of untilMs cools the pair until untilMs.
  for (const { pair, untilMs } of c.cooling) e.release(pair, 0, untilMs);
  for (const pair of c.inFlight) {
    if (!e.tryAcquire(pair, c.nowMs)) throw new Error(`${e.flavor}: pair ${pair} not acquired`);
  }

  const check = (out: Uint32Array, row: number, pair: number) => {
    const code = e.checkPair(pair, c.nowMs);
    out[5 * row] = code;
    if (code !== 0) out.set(e.result.subarray(0, 4), 5 * row + 1);
  };
  const scan = () => {
    const count = e.scan(c.nowMs);
    return e.records.slice(0, 4 * count);
  };

  const checks = new Uint32Array(5 * n);
  for (let i = 0; i < n; i++) check(checks, i, i);
  const records = scan();
  const dedup = Uint32Array.from(c.dedupOps, (op) => {
    if (op.op === "tryAcquire") return e.tryAcquire(op.pair, op.nowMs) ? 1 : 0;
    if (op.op === "isInFlight") return e.isInFlight(op.pair) ? 1 : 0;
    e.release(op.pair, op.nowMs, op.cooldownMs);
    return 0;
  });
  const u = c.updates.pair.length;
  const updates = new Uint32Array(5 * u);
  for (let k = 0; k < u; k++) {
    const pair = c.updates.pair[k]!;
    e.setAsk(pair, c.updates.leg[k]!, c.updates.price[k]!, c.updates.size[k]!);
    check(updates, k, pair);
  }
  return {
    feeTables: ids.map((id) => Uint16Array.from({ length: ONE_DOLLAR + 1 }, (_, p) => e.feeUnits(id, p))),
    checks,
    records,
    dedup,
    updates,
    finalRecords: scan(),
    feeMicros: c.feeQueries.map((q) => answer(fees, q)),
  };
}

const domainFees: OrderFees = { kalshiTradeFeeMicros, kalshiOrderCostMicros, polymarketOrderFeeMicros };

interface Named {
  readonly name: string;
  readonly out: RefCheckResult;
}

interface NamedFees {
  readonly name: string;
  readonly out: Pick<RefCheckResult, "feeTables" | "feeMicros">;
}

function domainRun(c: ParityCase): NamedFees {
  const feeTables = c.schedules.map((s) => feeInfo(s).fee);
  return { name: "@arb/domain", out: { feeTables, feeMicros: c.feeQueries.map((q) => answer(domainFees, q)) } };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison: every difference, with the inputs behind it (capped, so a systematic bug stays readable).

class Differences {
  readonly found: string[] = [];

  constructor(
    private readonly a: string,
    private readonly b: string,
  ) {}

  rows(section: string, x: ArrayLike<number>, y: ArrayLike<number>, stride: number, context: (row: number) => string) {
    if (x.length !== y.length) {
      this.found.push(`${section}: ${this.a} has ${x.length / stride} rows, ${this.b} ${y.length / stride}`);
    }
    const rows = Math.min(x.length, y.length) / stride;
    for (let row = 0; row < rows && this.found.length < 12; row++) {
      const at = row * stride;
      let same = true;
      for (let k = at; k < at + stride; k++) same &&= x[k] === y[k];
      if (!same) {
        const xs = Array.prototype.slice.call(x, at, at + stride).join(", ");
        const ys = Array.prototype.slice.call(y, at, at + stride).join(", ");
        this.found.push(`${section} #${row}: ${this.a} [${xs}] ≠ ${this.b} [${ys}] — ${context(row)}`);
      }
    }
  }
}

function describePair(c: ParityCase, i: number): string {
  const legs = [0, 1, 2, 3].map((leg) => `${c.ask[leg]![i]}×${c.size[leg]![i]}`).join(" ");
  const cooling = c.cooling.find((x) => x.pair === i);
  const state = c.inFlight.includes(i) ? "in flight" : cooling ? `cooling until ${cooling.untilMs}` : "free";
  const fees = [c.kalshiSchedule[i]!, c.polySchedule[i]!].map((id) => JSON.stringify(c.schedules[id])).join(" / ");
  return `pair ${i} (KY KN PY PN ${legs}; fees ${fees}; ${state}; now ${c.nowMs}, minEdge ${c.minEdgeUnits})`;
}

function feeDifferences(c: ParityCase, a: NamedFees, b: NamedFees): string[] {
  const d = new Differences(a.name, b.name);
  c.schedules.forEach((s, id) => {
    const [x, y] = [a.out.feeTables[id] ?? [], b.out.feeTables[id] ?? []];
    d.rows(`fee table ${JSON.stringify(s)}`, x, y, 1, (p) => `price ${p}`);
  });
  d.rows("fee query", a.out.feeMicros, b.out.feeMicros, 1, (k) => JSON.stringify(c.feeQueries[k]));
  return d.found;
}

function detectionDifferences(c: ParityCase, a: Named, b: Named): string[] {
  const d = new Differences(a.name, b.name);
  d.rows("checkPair", a.out.checks, b.out.checks, 5, (i) => describePair(c, i));
  d.rows("scan", a.out.records, b.out.records, 4, (k) => describePair(c, a.out.records[4 * k] ?? 0));
  d.rows("dedup op", a.out.dedup, b.out.dedup, 1, (k) => `op ${k} ${JSON.stringify(c.dedupOps[k])}`);
  d.rows("update", a.out.updates, b.out.updates, 5, (k) => {
    const u = c.updates;
    const write = `pair ${u.pair[k]} leg ${u.leg[k]} ← ${u.price[k]}×${u.size[k]}`;
    return `update ${k}: ${write}, after the dedup ops and the updates before it`;
  });
  d.rows("scan after updates", a.out.finalRecords, b.out.finalRecords, 4, (k) => `record ${k}`);
  return d.found;
}

// ---------------------------------------------------------------------------------------------------------------

function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

const cases = new Map(SPECS.map((spec) => [spec, lazy(() => generateCase(spec))]));
const engineRuns = new Map(
  SPECS.map((spec) => [
    spec,
    lazy((): Named[] => {
      const c = cases.get(spec)!();
      const simd = new DetectionCore("simd");
      const scalar = new DetectionCore("scalar");
      return [
        { name: "ts-twin", out: runEngine(new TwinCore(), twinFees, c) },
        { name: "wasm-simd", out: runEngine(simd, simd, c) },
        { name: "wasm-scalar", out: runEngine(scalar, scalar, c) },
      ];
    }),
  ]),
);
const ref = refStatus();
/** Each of the reference's scan kernels runs the whole check; one the CPU lacks is skipped, saying so. */
const rustKernels = REF_KERNELS.map((kernel) => {
  const runs = ref.available && refKernels()[kernel];
  const skipped = !ref.available ? `native Rust reference skipped: ${ref.reason}` : `Rust ${kernel} scan skipped: CPU lacks ${kernel.toUpperCase()}`;
  return { kernel, test: runs ? it : it.skip, name: runs ? `the native Rust reference (${kernel} scan) agrees with all three and with @arb/domain` : skipped };
});

describe.each(SPECS.map((spec) => [`${spec.pairs} pairs, minEdge ${spec.minEdge}`, spec] as const))("%s", (_, spec) => {
  const parityCase = cases.get(spec)!;
  const engines = engineRuns.get(spec)!;

  it(
    "wasm-simd, wasm-scalar and ts-twin agree with each other, and their fees with @arb/domain's",
    () => {
      const c = parityCase();
      const [twin, ...wasm] = engines() as [Named, Named, Named];
      const domain = domainRun(c);
      const found = [twin, ...wasm].flatMap((e) => feeDifferences(c, domain, e));
      for (const e of wasm) found.push(...detectionDifferences(c, twin, e));
      expect(found).toEqual([]);
    },
    TIMEOUT_MS,
  );

  for (const { kernel, test, name } of rustKernels) {
    test(
      name,
      () => {
        const c = parityCase();
        const rust = { name: `rust ${kernel}`, out: runRefCheck(c, kernel) };
        const found = feeDifferences(c, domainRun(c), rust);
        for (const e of engines()) found.push(...detectionDifferences(c, e, rust));
        expect(found).toEqual([]);
      },
      TIMEOUT_MS,
    );
  }
});

describe("the generated books", () => {
  it("reach the edges they are aimed at", () => {
    let pairs = 0,
      atLimit = 0,
      underLimit = 0,
      overLimit = 0,
      ties = 0,
      overflowing = 0,
      coolingAtNow = 0;
    for (const spec of SPECS) {
      const c = cases.get(spec)!();
      const limit = spec.minEdge >= ONE_DOLLAR ? 0 : ONE_DOLLAR - spec.minEdge;
      pairs += spec.pairs;
      const infos = c.schedules.map(feeInfo);
      for (let i = 0; i < spec.pairs; i++) {
        const effs = [0, 1, 2, 3].map((leg) => {
          const p = c.ask[leg]![i]!;
          const info = infos[leg < 2 ? c.kalshiSchedule[i]! : c.polySchedule[i]!]!;
          return p === 0 || p > ONE_DOLLAR || c.size[leg]![i] === 0 ? NO_ASK : info.eff[p]!;
        });
        const costs = TYPE_LEGS.map(([yes, no]) => effs[yes]! + effs[no]!);
        const best = Math.min(...costs);
        if (best === limit) atLimit++;
        if (best === limit - 1) underLimit++;
        if (best === limit + 1) overLimit++;
        if (best <= limit && costs.filter((x) => x === best).length > 1) ties++;
      }
      coolingAtNow += c.cooling.filter((x) => x.untilMs === c.nowMs).length;
      for (const q of c.feeQueries) {
        const [num] = orderFraction({ ...q, exponent: q.kind === "polymarketFee" ? q.exponent : 1 });
        if (num * BigInt(q.sizeHundredths) >= 2n ** 64n) overflowing++;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(100_000);
    expect(Math.min(atLimit, underLimit, overLimit)).toBeGreaterThan(1000);
    expect(ties).toBeGreaterThan(1000);
    expect(coolingAtNow).toBeGreaterThan(100);
    expect(overflowing).toBeGreaterThan(1000);
  });
});
