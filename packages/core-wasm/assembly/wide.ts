// 128-bit unsigned intermediate for exact fee arithmetic: a product of two u64 held as four 32-bit limbs
// (L0 least significant), divided by powers of ten with schoolbook short division. Wasm has no 64×64→128
// multiply, and the fee formulas overflow u64 for large orders; the Rust reference uses u128, the TS twin BigInt.

let L0: u64 = 0;
let L1: u64 = 0;
let L2: u64 = 0;
let L3: u64 = 0;
const MASK: u64 = 0xffffffff;

export function mulWide(a: u64, b: u64): void {
  const a0 = a & MASK, a1 = a >> 32, b0 = b & MASK, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & MASK) + (p10 & MASK);
  const hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  L0 = p00 & MASK;
  L1 = mid & MASK;
  L2 = hi & MASK;
  L3 = hi >> 32;
}

/** Divides the 128-bit value by d (< 2^32) in place; returns the remainder. */
function divSmall(d: u64): u64 {
  let cur = L3;
  L3 = cur / d;
  cur = ((cur % d) << 32) | L2;
  L2 = cur / d;
  cur = ((cur % d) << 32) | L1;
  L1 = cur / d;
  cur = ((cur % d) << 32) | L0;
  L0 = cur / d;
  return cur % d;
}

function increment(): void {
  L0 += 1;
  if (L0 <= MASK) return;
  L0 = 0;
  L1 += 1;
  if (L1 <= MASK) return;
  L1 = 0;
  L2 += 1;
  if (L2 <= MASK) return;
  L2 = 0;
  L3 += 1;
}

function pow10(k: i32): u64 {
  let v: u64 = 1;
  for (let i = 0; i < k; i++) v *= 10;
  return v;
}

/**
 * Divides the value set by mulWide by 10^k, rounding up when `up`, and returns the low 64 bits (callers keep
 * the quotient below 2^64). Dividing in steps of at most 10^9 is exact: floor(floor(n/a)/b) = floor(n/ab),
 * and likewise ceil(ceil(n/a)/b) = ceil(n/ab) for positive integers.
 */
export function divPow10(k: i32, up: bool): u64 {
  while (k > 0) {
    const step = k >= 9 ? 9 : k;
    const r = divSmall(pow10(step));
    if (up && r != 0) increment();
    k -= step;
  }
  return (L1 << 32) | L0;
}

export function ceilDiv64(n: u64, d: u64): u64 {
  return n / d + (n % d != 0 ? 1 : 0);
}
