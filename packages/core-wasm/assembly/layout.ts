// Linear-memory layout of the book store. Every array is struct-of-arrays, leg-major, indexed by pair, so the
// scan streams four contiguous u16 arrays through v128 lanes. Offsets are re-derived on every growth; the
// TypeScript side re-creates its views when `layoutVersion` changes.

/** Raw ask and effective ask value meaning "no ask": never part of an opportunity (saturating adds keep it at the top). */
export const NO_ASK: u32 = 0xffff;
/** One dollar in price units (1/10 000 $). */
export const ONE_DOLLAR: u32 = 10000;
/** Entries per fee table: 10 001 prices used, padded so every table starts 16-byte aligned. */
export const TABLE_STRIDE: u32 = 10008;
/** Capacity granularity in pairs: keeps every region a multiple of 16 bytes (bitmaps are capacity / 8 bytes). */
export const CAPACITY_STEP: u32 = 128;
/** Words per output record: pair, size (1/100), edge units | type << 16, edge bps. */
export const RECORD_WORDS: u32 = 4;
/** Scan records the buffer can hold per pair: one per arb type. */
export const RECORDS_PER_PAIR: u32 = 4;

export let capacity: u32 = 0;
export let pairCount: u32 = 0;
export let scheduleCapacity: u32 = 0;
export let scheduleCount: u32 = 0;
export let layoutVersion: u32 = 0;

export let askOff: usize = 0;
export let effOff: usize = 0;
export let sizeOff: usize = 0;
export let schedKOff: usize = 0;
export let schedPOff: usize = 0;
export let inflightOff: usize = 0;
export let coolingOff: usize = 0;
export let coolUntilOff: usize = 0;
export let outOff: usize = 0;
export let resultOff: usize = 0;
export let schedMetaOff: usize = 0;
export let feeTabOff: usize = 0;

const base: usize = (__heap_base + 15) & ~(<usize>15);
let totalBytes: usize = 0;

function ensureMemory(end: usize): void {
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}

/** Assigns offsets for (cap, scap) starting at `at`; returns the end. */
function assign(at: usize, cap: usize, scap: usize): usize {
  let p = at;
  askOff = p; p += cap * 8;
  effOff = p; p += cap * 8;
  sizeOff = p; p += cap * 16;
  schedKOff = p; p += cap * 2;
  schedPOff = p; p += cap * 2;
  inflightOff = p; p += cap >> 3;
  coolingOff = p; p += cap >> 3;
  coolUntilOff = p; p += cap * 8;
  outOff = p; p += cap * RECORDS_PER_PAIR * RECORD_WORDS * 4;
  resultOff = p; p += 16;
  schedMetaOff = p; p += scap * 16;
  feeTabOff = p; p += scap * TABLE_STRIDE * 2;
  return p;
}

/**
 * Grows the store to hold at least `wantPairs` pairs and `wantSchedules` fee schedules. The new layout is built
 * above the old one, the old contents copied in, then the whole block moved down to `base`.
 */
export function reserve(wantPairs: u32, wantSchedules: u32): void {
  let cap = <usize>capacity;
  let scap = <usize>scheduleCapacity;
  if (<usize>wantPairs <= cap && <usize>wantSchedules <= scap && totalBytes != 0) return;
  let newCap = cap == 0 ? <usize>CAPACITY_STEP : cap;
  while (newCap < <usize>wantPairs) newCap <<= 1;
  let newScap = scap == 0 ? <usize>4 : scap;
  while (newScap < <usize>wantSchedules) newScap <<= 1;

  const oAsk = askOff, oEff = effOff, oSize = sizeOff, oSK = schedKOff, oSP = schedPOff;
  const oIn = inflightOff, oCool = coolingOff, oUntil = coolUntilOff, oMeta = schedMetaOff, oTab = feeTabOff;

  const dst = (base + totalBytes + 15) & ~(<usize>15);
  const end = assign(dst, newCap, newScap);
  const newTotal = end - dst;
  ensureMemory(end);
  memory.fill(dst, 0, newTotal);
  memory.fill(askOff, 0xff, newCap * 8);
  memory.fill(effOff, 0xff, newCap * 8);

  if (cap != 0) {
    for (let leg: usize = 0; leg < 4; leg++) {
      memory.copy(askOff + leg * newCap * 2, oAsk + leg * cap * 2, cap * 2);
      memory.copy(effOff + leg * newCap * 2, oEff + leg * cap * 2, cap * 2);
      memory.copy(sizeOff + leg * newCap * 4, oSize + leg * cap * 4, cap * 4);
    }
    memory.copy(schedKOff, oSK, cap * 2);
    memory.copy(schedPOff, oSP, cap * 2);
    memory.copy(inflightOff, oIn, cap >> 3);
    memory.copy(coolingOff, oCool, cap >> 3);
    memory.copy(coolUntilOff, oUntil, cap * 8);
  }
  if (scap != 0) {
    memory.copy(schedMetaOff, oMeta, scap * 16);
    memory.copy(feeTabOff, oTab, scap * TABLE_STRIDE * 2);
  }

  memory.copy(base, dst, newTotal);
  assign(base, newCap, newScap);
  totalBytes = newTotal;
  capacity = <u32>newCap;
  scheduleCapacity = <u32>newScap;
  layoutVersion++;
}

export function setPairCount(n: u32): void {
  pairCount = n;
}

export function setScheduleCount(n: u32): void {
  scheduleCount = n;
}

// @ts-ignore: decorator
@inline export function legAsk(leg: u32, pair: u32): usize {
  return askOff + ((<usize>leg * <usize>capacity + <usize>pair) << 1);
}

// @ts-ignore: decorator
@inline export function legEff(leg: u32, pair: u32): usize {
  return effOff + ((<usize>leg * <usize>capacity + <usize>pair) << 1);
}

// @ts-ignore: decorator
@inline export function legSize(leg: u32, pair: u32): usize {
  return sizeOff + ((<usize>leg * <usize>capacity + <usize>pair) << 2);
}
