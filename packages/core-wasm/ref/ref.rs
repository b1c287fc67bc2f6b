//! Native Rust reference of the detection core (@arb/core-wasm).
//!
//! A third, independent derivation of every integer the core produces — fee tables, effective asks, checkPair,
//! the full scan, in-flight dedup and the exact per-order fees — written from the semantics of assembly/ (the
//! Wasm core) and src/twin/ (the TS twin). test/parity.test.ts requires all of them to agree bit for bit, and
//! `pnpm bench` runs the `bench` mode for the native numbers. std only, so a bare
//! `rustc --edition 2021 -C opt-level=3 ref.rs` builds it anywhere.
//!
//! Units as everywhere in the project: prices in 1/10 000 $ ("units"), sizes in 1/100 contract ("hundredths"),
//! money in 1e-6 $ ("micros"). Legs are ordered Kalshi YES, Kalshi NO, Polymarket YES, Polymarket NO.
//!
//! Usage:  core-ref check [--kernel K] [CASE | -]    core-ref bench CASE|- ITERS    core-ref kernels
//!         (- or no CASE: read stdin; K is scalar (the default), sse4.1 or avx2)
//!
//! The full scan has three kernels giving the same records: plain scalar Rust, and explicit SSE4.1 and AVX2
//! intrinsics (std::arch) for the fair native anchor of the Wasm SIMD128 scan. The binary is built for the x86-64
//! baseline (no target-cpu), so each vector kernel is compiled under #[target_feature(enable = ...)] and runs only
//! where is_x86_feature_detected! finds its feature; `kernels` prints which run here, as JSON.
//!
//! Case, little-endian, packed (the only padding is the zero bytes listed):
//!   b"ARBCASE1"
//!   u32 S schedules, N pairs, F in-flight pairs, C cooling pairs, U updates, D dedup ops, Q fee queries
//!   u32 minEdge units, f64 nowMs
//!   S × { u8 venue (0 Kalshi, 1 Polymarket), u8 model (0 exact, 1 terauss), u8 exponent, u8 0, u32 ratePpm }
//!   N × u16 Kalshi schedule id, then N × u16 Polymarket schedule id
//!   4 legs × N × u16 raw ask, then 4 legs × N × u32 size
//!   F × u32 pair                                     in flight
//!   C × { u32 pair, f64 untilMs }                    cooling down until untilMs
//!   U × { u32 pair, u8 leg, u8 0, u16 ask, u32 size }
//!   D × { u8 op (0 tryAcquire, 1 release, 2 isInFlight), 3 × u8 0, u32 pair, f64 nowMs, f64 cooldownMs }
//!   Q × { u8 kind (0 kalshiTradeFee, 1 kalshiOrderCost, 2 polymarketOrderFee), u8 exponent, u16 0,
//!         u32 price, u32 ratePpm, u32 precisionMicros, u64 sizeHundredths }
//!
//! `check` loads the book (effective asks refreshed, dedup state set), then runs and writes, little-endian:
//!   header: u32 S, N, R, D, U, R2, Q
//!   the fee table of every schedule: S × 10 002 u16 (prices 0..=10 000, then one zero so words stay aligned)
//!   checkPair(i, nowMs) for every pair in order: N × 5 u32 (type code, then its record; zeros for type 0)
//!   scan(nowMs): R × 4 u32 records
//!   the dedup ops in order: D × u32 (tryAcquire and isInFlight 0 or 1, release 0)
//!   the updates in order, each a write of one leg then checkPair(pair, nowMs): U × 5 u32 as above
//!   scan(nowMs) again: R2 × 4 u32 records
//!   the fee queries in order: Q × u64 micros
//! A record is pair, size (hundredths), edge units | type << 16, edge bps (floor(edge × 10 000 / cost)).
//!
//! `bench` prints {"pairs":N,"scan_ns":{"scalar":..,"sse4.1":..,"avx2":..},"check_ns":..,"dedup_ns":..}: the
//! median over ITERS rounds (after ITERS/10 + 1 warm-up rounds) of ns per full scan with each kernel (a round
//! scans at least 65 536 pairs' worth; null for a kernel this CPU cannot run), per incremental update (write one
//! leg, checkPair, read the result; the case's updates in a loop, or each pair's own legs rewritten in turn when it
//! has none) and per tryAcquire + release of one pair, cycling through the pairs.

use std::env;
use std::fs;
use std::hint::black_box;
use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

/// One dollar, the payout of a winning contract, in price units.
const ONE_DOLLAR: u32 = 10_000;
/// Raw or effective ask meaning "no ask": any sum including it is above every limit.
const NO_ASK: u16 = 0xFFFF;
const MAX_RATE_PPM: u32 = 1_000_000;
/// Schedule ids are u16 with 0xFFFF kept for "refused", as in the Wasm store.
const MAX_SCHEDULES: usize = 0xFFFF;
/// The exact fee functions' size bound (10^8 contracts), as in @arb/domain; it keeps every result below 2^53.
const MAX_SIZE_HUNDREDTHS: u64 = 10_000_000_000;

const KALSHI_YES: usize = 0;
const KALSHI_NO: usize = 1;
const POLY_YES: usize = 2;
const POLY_NO: usize = 3;
const LEGS: [usize; 4] = [KALSHI_YES, KALSHI_NO, POLY_YES, POLY_NO];

/// The four arb types as (code, YES leg, NO leg) in code order; together they are every YES leg with every NO leg.
const ARB_TYPES: [(u32, usize, usize); 4] = [
    (1, POLY_YES, KALSHI_NO),   // poly_yes_kalshi_no
    (2, KALSHI_YES, POLY_NO),   // kalshi_yes_poly_no
    (3, POLY_YES, POLY_NO),     // poly_same_market
    (4, KALSHI_YES, KALSHI_NO), // kalshi_same_market
];

// ---------------------------------------------------------------------------------------------------------------
// Fees. Rates are in ppm and x = p × (10 000 − p), so P(1−P) = x / 10^8. Everything runs in u128: the products
// overflow u64 for large orders and for exponent 2, and u128 holds all of them exactly.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Venue {
    Kalshi,
    Polymarket,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Model {
    /// What the venue charges today.
    Exact,
    /// The Rust peer bot's model (Kalshi rounded up to the cent per contract, Polymarket free), kept so both
    /// bots' decisions can be compared on the same books.
    Terauss,
}

#[derive(Clone, Copy, Debug)]
struct Schedule {
    venue: Venue,
    model: Model,
    rate_ppm: u32,
    exponent: u32,
}

fn p_one_minus_p(p: u32) -> u128 {
    u128::from(p) * u128::from(ONE_DOLLAR - p)
}

fn pow10(k: u32) -> u128 {
    10u128.pow(k)
}

/// Narrows an exact fee to u64; the callers' validated inputs keep every fee far below 2^64.
fn micros(value: u128) -> u64 {
    u64::try_from(value).expect("validated fee inputs give fees below 2^64")
}

impl Schedule {
    /// Fails closed on anything the Wasm core's addSchedule refuses: an unknown venue or model, a rate above
    /// 100 %, an exponent above 2, or a Kalshi exponent other than 1 (its formula has no other).
    fn new(venue: u8, model: u8, exponent: u8, rate_ppm: u32) -> Result<Self, String> {
        let venue = match venue {
            0 => Venue::Kalshi,
            1 => Venue::Polymarket,
            v => return Err(format!("unknown venue code {v}")),
        };
        let model = match model {
            0 => Model::Exact,
            1 => Model::Terauss,
            m => return Err(format!("unknown fee model code {m}")),
        };
        let exponent = u32::from(exponent);
        if rate_ppm > MAX_RATE_PPM || exponent > 2 || (venue == Venue::Kalshi && exponent != 1) {
            return Err(format!("invalid fee schedule: {venue:?} rate {rate_ppm} ppm, exponent {exponent}"));
        }
        Ok(Schedule { venue, model, rate_ppm, exponent })
    }

    /// Per-contract taker fee in price units, rounded up: the detector's estimate, folded into every ask.
    fn per_contract_fee_units(&self, p: u32) -> u16 {
        let rate = u128::from(self.rate_ppm);
        let x = p_one_minus_p(p);
        let units = match (self.model, self.venue) {
            // rate/10^6 × x/10^8 dollars in cents is rate × x / 10^12; a cent is 100 units.
            (Model::Terauss, Venue::Kalshi) => (rate * x).div_ceil(pow10(12)) * 100,
            (Model::Terauss, Venue::Polymarket) => 0,
            // rate/10^6 × (x/10^8)^e dollars in 1/10 000 $ is rate × x^e / 10^(2 + 8e).
            (Model::Exact, _) => (rate * x.pow(self.exponent)).div_ceil(pow10(2 + 8 * self.exponent)),
        };
        u16::try_from(units).expect("a valid schedule charges at most $1 per contract")
    }

    /// The fee at every price 0..=10 000, so the hot path folds a fee in with one load.
    fn fee_table(&self) -> Vec<u16> {
        (0..=ONE_DOLLAR).map(|p| self.per_contract_fee_units(p)).collect()
    }
}

/// Kalshi trade fee of one fill, micros: rate × C × x / 10^10 with C in hundredths, rounded up as Kalshi does.
fn kalshi_trade_fee_micros(count_hundredths: u64, p: u32, rate_ppm: u32) -> u64 {
    let product = u128::from(rate_ppm) * u128::from(count_hundredths) * p_one_minus_p(p);
    micros(product.div_ceil(pow10(10)))
}

/// Balance a Kalshi buy takes when it fills as one order: notional plus trade fee, rounded up to the member's
/// balance precision.
fn kalshi_order_cost_micros(count_hundredths: u64, p: u32, rate_ppm: u32, precision_micros: u32) -> u64 {
    let notional = u128::from(count_hundredths) * u128::from(p);
    let fee = u128::from(kalshi_trade_fee_micros(count_hundredths, p, rate_ppm));
    let precision = u128::from(precision_micros);
    micros((notional + fee).div_ceil(precision) * precision)
}

/// Polymarket taker fee of one fill, micros: shares × rate × x^e / 10^(2 + 8e), floored to the venue's 5
/// decimals of a dollar (10 micros).
fn polymarket_order_fee_micros(shares_hundredths: u64, p: u32, rate_ppm: u32, exponent: u32) -> u64 {
    let product = u128::from(shares_hundredths) * u128::from(rate_ppm) * p_one_minus_p(p).pow(exponent);
    micros(product / pow10(3 + 8 * exponent) * 10)
}

// ---------------------------------------------------------------------------------------------------------------
// The book store: struct-of-arrays and leg-major like the Wasm layout, so the scan streams four u16 arrays.

struct Book {
    fee_tables: Vec<Vec<u16>>,
    kalshi_schedule: Vec<u16>,
    poly_schedule: Vec<u16>,
    ask: [Vec<u16>; 4],
    size: [Vec<u32>; 4],
    /// Ask plus its per-contract fee, or NO_ASK; what detection reads.
    eff: [Vec<u16>; 4],
}

impl Book {
    fn len(&self) -> usize {
        self.kalshi_schedule.len()
    }

    fn fee_table(&self, leg: usize, i: usize) -> &[u16] {
        let schedule =
            if leg == KALSHI_YES || leg == KALSHI_NO { self.kalshi_schedule[i] } else { self.poly_schedule[i] };
        &self.fee_tables[usize::from(schedule)]
    }

    fn effective(&self, leg: usize, i: usize) -> u16 {
        let p = self.ask[leg][i];
        // An ask without size, or a price outside (0, $1], is no ask at all.
        if p == 0 || u32::from(p) > ONE_DOLLAR || self.size[leg][i] == 0 {
            return NO_ASK;
        }
        p + self.fee_table(leg, i)[usize::from(p)]
    }

    fn refresh_pair(&mut self, i: usize) {
        for leg in LEGS {
            let eff = self.effective(leg, i);
            self.eff[leg][i] = eff;
        }
    }

    fn set_ask(&mut self, i: usize, leg: usize, price: u16, size: u32) {
        self.ask[leg][i] = price;
        self.size[leg][i] = size;
    }

    fn cost(&self, yes: usize, no: usize, i: usize) -> u32 {
        u32::from(self.eff[yes][i]) + u32::from(self.eff[no][i])
    }

    /// Appends a record for each of pair i's types within the limit, in type order.
    fn emit_pair(&self, i: usize, limit: u32, out: &mut Vec<Record>) {
        for (code, yes, no) in ARB_TYPES {
            let cost = self.cost(yes, no, i);
            if cost <= limit {
                out.push(record(i, code, cost, self.size[yes][i], self.size[no][i]));
            }
        }
    }
}

/// pair, size (hundredths), edge units | type << 16, edge bps of the cost.
type Record = [u32; 4];

fn record(i: usize, code: u32, cost: u32, size_yes: u32, size_no: u32) -> Record {
    let edge = ONE_DOLLAR - cost;
    // A fill is bounded by the thinner leg.
    [i as u32, size_yes.min(size_no), edge | code << 16, edge * 10_000 / cost]
}

// ---------------------------------------------------------------------------------------------------------------
// In-flight dedup: one bit per pair in u64 words, plus a cooling bit and deadline for the optional cooldown after
// release. A pair that is in flight, or cooling until a later time, is never reported.

struct Dedup {
    pairs: usize,
    in_flight: Vec<u64>,
    cooling: Vec<u64>,
    cool_until: Vec<f64>,
}

fn slot(i: usize) -> (usize, u64) {
    (i / 64, 1 << (i % 64))
}

impl Dedup {
    fn new(pairs: usize) -> Self {
        let words = pairs.div_ceil(64);
        Dedup { pairs, in_flight: vec![0; words], cooling: vec![0; words], cool_until: vec![0.0; pairs] }
    }

    fn is_blocked(&self, i: usize, now_ms: f64) -> bool {
        let (w, bit) = slot(i);
        if self.in_flight[w] & bit != 0 {
            return true;
        }
        // The deadline itself is free again.
        self.cooling[w] & bit != 0 && now_ms < self.cool_until[i]
    }

    fn try_acquire(&mut self, pair: u32, now_ms: f64) -> bool {
        let i = pair as usize;
        if i >= self.pairs || self.is_blocked(i, now_ms) {
            return false;
        }
        let (w, bit) = slot(i);
        self.in_flight[w] |= bit;
        // Whatever cooldown there was has expired (else we would be blocked); drop it.
        self.cooling[w] &= !bit;
        true
    }

    fn release(&mut self, pair: u32, now_ms: f64, cooldown_ms: f64) {
        let i = pair as usize;
        if i >= self.pairs {
            return;
        }
        let (w, bit) = slot(i);
        self.in_flight[w] &= !bit;
        // Zero, negative and NaN cooldowns all mean none, as in the Wasm core.
        if cooldown_ms > 0.0 {
            self.cooling[w] |= bit;
            self.cool_until[i] = now_ms + cooldown_ms;
        } else {
            self.cooling[w] &= !bit;
        }
    }

    fn is_in_flight(&self, pair: u32) -> bool {
        let i = pair as usize;
        i < self.pairs && self.in_flight[i / 64] >> (i % 64) & 1 == 1
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Detection over effective asks.

struct Core {
    book: Book,
    dedup: Dedup,
    /// The full scan's kernel: only ever one this CPU runs (`load` and `set_kernel` refuse others).
    kernel: Kernel,
    /// Highest cost that still clears the minimum edge: $1 − minEdge, floored at 0.
    limit: u32,
    /// The record of the last checkPair that found something.
    result: Record,
    records: Vec<Record>,
}

impl Core {
    fn load(case: &Case, kernel: Kernel) -> Core {
        assert!(kernel.runs_here(), "this CPU lacks {}", kernel.name());
        let n = case.kalshi_schedule.len();
        let mut book = Book {
            fee_tables: case.schedules.iter().map(Schedule::fee_table).collect(),
            kalshi_schedule: case.kalshi_schedule.clone(),
            poly_schedule: case.poly_schedule.clone(),
            ask: case.ask.clone(),
            size: case.size.clone(),
            eff: [vec![NO_ASK; n], vec![NO_ASK; n], vec![NO_ASK; n], vec![NO_ASK; n]],
        };
        for i in 0..n {
            book.refresh_pair(i);
        }
        // The case gives the dedup state itself rather than the calls that led to it.
        let mut dedup = Dedup::new(n);
        for &pair in &case.in_flight {
            let (w, bit) = slot(pair as usize);
            dedup.in_flight[w] |= bit;
        }
        for &(pair, until_ms) in &case.cooling {
            let (w, bit) = slot(pair as usize);
            dedup.cooling[w] |= bit;
            dedup.cool_until[pair as usize] = until_ms;
        }
        Core {
            book,
            dedup,
            kernel,
            limit: ONE_DOLLAR.saturating_sub(case.min_edge_units),
            result: [0; 4],
            // One record per type per pair at most, so scans never reallocate.
            records: Vec::with_capacity(4 * n),
        }
    }

    fn set_kernel(&mut self, kernel: Kernel) {
        assert!(kernel.runs_here(), "this CPU lacks {}", kernel.name());
        self.kernel = kernel;
    }

    /// Refreshes pair i and returns its best type (largest edge, ties to the lower code), 0 for none or when the
    /// pair is blocked; the record goes to `result`.
    fn check_pair(&mut self, pair: u32, now_ms: f64) -> u32 {
        let i = pair as usize;
        if i >= self.book.len() {
            return 0;
        }
        self.book.refresh_pair(i);
        if self.dedup.is_blocked(i, now_ms) {
            return 0;
        }
        // Starting one above the limit lets only qualifying costs win; strict < keeps the lower code on ties.
        let mut best = None;
        let mut best_cost = self.limit + 1;
        for (code, yes, no) in ARB_TYPES {
            let cost = self.book.cost(yes, no, i);
            if cost < best_cost {
                best = Some((code, yes, no));
                best_cost = cost;
            }
        }
        let Some((code, yes, no)) = best else { return 0 };
        self.result = record(i, code, best_cost, self.book.size[yes][i], self.book.size[no][i]);
        code
    }

    /// Scans every pair in order; leaves the records in `records` and returns their count.
    fn scan(&mut self, now_ms: f64) -> usize {
        let Core { book, dedup, kernel, limit, records, .. } = self;
        let limit = *limit;
        records.clear();
        // Every kernel finds the pairs whose cheapest type clears the limit, in order; the rest is shared.
        let mut emit = |i: usize| {
            if !dedup.is_blocked(i, now_ms) {
                book.emit_pair(i, limit, records);
            }
        };
        match *kernel {
            Kernel::Scalar => scan_scalar(&book.eff, limit, 0, &mut emit),
            // SAFETY (both): a Core only holds a kernel whose CPU feature is_x86_feature_detected! found here
            // (`load` and `set_kernel` assert it).
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse41 => unsafe { x86::scan_sse41(&book.eff, limit, &mut emit) },
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => unsafe { x86::scan_avx2(&book.eff, limit, &mut emit) },
            #[cfg(not(target_arch = "x86_64"))]
            Kernel::Sse41 | Kernel::Avx2 => unreachable!("x86 kernels are refused off x86-64"),
        }
        records.len()
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Full-scan kernels. The four types are every YES leg with every NO leg, so the cheapest is
// min(KY, PY) + min(KN, PN): one sum per pair decides whether any type clears, and the types themselves are looked
// at (by `emit`, in pair order) only for the rare pair that does.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kernel {
    Scalar,
    Sse41,
    Avx2,
}

impl Kernel {
    const ALL: [Kernel; 3] = [Kernel::Scalar, Kernel::Sse41, Kernel::Avx2];

    fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::Sse41 => "sse4.1",
            Kernel::Avx2 => "avx2",
        }
    }

    /// Whether this CPU runs the kernel (x86 features detected at run time).
    fn runs_here(self) -> bool {
        match self {
            Kernel::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse41 => is_x86_feature_detected!("sse4.1"),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => is_x86_feature_detected!("avx2"),
            #[cfg(not(target_arch = "x86_64"))]
            Kernel::Sse41 | Kernel::Avx2 => false,
        }
    }

    /// The named kernel, if this CPU runs it.
    fn parse(name: &str) -> Result<Kernel, String> {
        let kernel =
            Kernel::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| format!("unknown kernel {name}"))?;
        if kernel.runs_here() {
            Ok(kernel)
        } else {
            Err(format!("this CPU lacks {}", kernel.name()))
        }
    }
}

/// Scalar: pairs `from..` one at a time (also the vector kernels' tail).
fn scan_scalar(eff: &[Vec<u16>; 4], limit: u32, from: usize, emit: &mut impl FnMut(usize)) {
    let [k_yes, k_no, p_yes, p_no] = eff;
    let legs = k_yes[from..].iter().zip(&k_no[from..]).zip(&p_yes[from..]).zip(&p_no[from..]);
    for (i, (((&ky, &kn), &py), &pn)) in legs.enumerate() {
        if u32::from(ky.min(py)) + u32::from(kn.min(pn)) <= limit {
            emit(from + i);
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    //! The vector kernels: 16-bit lanes, one pair each. min_epu16 takes the cheaper leg of each side (SSE4.1's
    //! pminuw, the reason SSE2 is not enough); adds_epu16 saturates at 0xFFFF, above every limit (≤ 10 000), so a
    //! saturated sum decides as the exact u32 sum does; min(sum, limit) == sum is the unsigned sum ≤ limit that
    //! x86 has no compare for. A block's lanes that clear are emitted in lane order from its movemask, which holds
    //! two bits per 16-bit lane (the low one of each is kept).
    use super::scan_scalar;
    use std::arch::x86_64::*;

    /// Calls `emit(base + lane)` for each lane set in `bits` (two bits per lane, low one kept), in lane order.
    #[inline(always)]
    fn emit_lanes(mut bits: u64, base: usize, emit: &mut impl FnMut(usize)) {
        bits &= 0x5555_5555_5555_5555;
        while bits != 0 {
            emit(base + bits.trailing_zeros() as usize / 2);
            bits &= bits - 1;
        }
    }

    /// Lanes of 8 pairs from `at` whose cheapest type costs ≤ limit: 0xFFFF where it does.
    #[target_feature(enable = "sse4.1")]
    unsafe fn clears8(eff: &[Vec<u16>; 4], at: usize, limit: __m128i) -> __m128i {
        let leg = |k: usize| eff[k].as_ptr().add(at).cast::<__m128i>();
        let yes = _mm_min_epu16(_mm_loadu_si128(leg(0)), _mm_loadu_si128(leg(2)));
        let no = _mm_min_epu16(_mm_loadu_si128(leg(1)), _mm_loadu_si128(leg(3)));
        let cheapest = _mm_adds_epu16(yes, no);
        _mm_cmpeq_epi16(_mm_min_epu16(cheapest, limit), cheapest)
    }

    /// SSE4.1: 16 pairs a step in two 128-bit vectors, the shape of the Wasm SIMD128 kernel.
    ///
    /// # Safety
    /// The CPU must have SSE4.1.
    #[target_feature(enable = "sse4.1")]
    pub unsafe fn scan_sse41(eff: &[Vec<u16>; 4], limit: u32, emit: &mut impl FnMut(usize)) {
        let n = eff[0].len();
        let lim = _mm_set1_epi16(limit as i16);
        let mut i = 0;
        while i + 16 <= n {
            let (a, b) = (clears8(eff, i, lim), clears8(eff, i + 8, lim));
            let any = _mm_or_si128(a, b);
            if _mm_testz_si128(any, any) == 0 {
                let bits = (_mm_movemask_epi8(a) as u32 as u64) | ((_mm_movemask_epi8(b) as u32 as u64) << 16);
                emit_lanes(bits, i, emit);
            }
            i += 16;
        }
        scan_scalar(eff, limit, i, emit);
    }

    /// Lanes of 16 pairs from `at` whose cheapest type costs ≤ limit: 0xFFFF where it does.
    #[target_feature(enable = "avx2")]
    unsafe fn clears16(eff: &[Vec<u16>; 4], at: usize, limit: __m256i) -> __m256i {
        let leg = |k: usize| eff[k].as_ptr().add(at).cast::<__m256i>();
        let yes = _mm256_min_epu16(_mm256_loadu_si256(leg(0)), _mm256_loadu_si256(leg(2)));
        let no = _mm256_min_epu16(_mm256_loadu_si256(leg(1)), _mm256_loadu_si256(leg(3)));
        let cheapest = _mm256_adds_epu16(yes, no);
        _mm256_cmpeq_epi16(_mm256_min_epu16(cheapest, limit), cheapest)
    }

    /// AVX2: 32 pairs a step in two 256-bit vectors.
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn scan_avx2(eff: &[Vec<u16>; 4], limit: u32, emit: &mut impl FnMut(usize)) {
        let n = eff[0].len();
        let lim = _mm256_set1_epi16(limit as i16);
        let mut i = 0;
        while i + 32 <= n {
            let (a, b) = (clears16(eff, i, lim), clears16(eff, i + 16, lim));
            let any = _mm256_or_si256(a, b);
            if _mm256_testz_si256(any, any) == 0 {
                let bits = (_mm256_movemask_epi8(a) as u32 as u64) | ((_mm256_movemask_epi8(b) as u32 as u64) << 32);
                emit_lanes(bits, i, emit);
            }
            i += 32;
        }
        scan_scalar(eff, limit, i, emit);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The case file.

const CASE_MAGIC: &[u8; 8] = b"ARBCASE1";

#[derive(Clone, Copy)]
struct Update {
    pair: u32,
    leg: usize,
    price: u16,
    size: u32,
}

enum DedupOp {
    TryAcquire { pair: u32, now_ms: f64 },
    Release { pair: u32, now_ms: f64, cooldown_ms: f64 },
    IsInFlight { pair: u32 },
}

enum FeeQuery {
    KalshiTrade { size: u64, price: u32, rate_ppm: u32 },
    KalshiOrderCost { size: u64, price: u32, rate_ppm: u32, precision_micros: u32 },
    PolymarketFee { size: u64, price: u32, rate_ppm: u32, exponent: u32 },
}

impl FeeQuery {
    fn answer(&self) -> u64 {
        match *self {
            FeeQuery::KalshiTrade { size, price, rate_ppm } => kalshi_trade_fee_micros(size, price, rate_ppm),
            FeeQuery::KalshiOrderCost { size, price, rate_ppm, precision_micros } => {
                kalshi_order_cost_micros(size, price, rate_ppm, precision_micros)
            }
            FeeQuery::PolymarketFee { size, price, rate_ppm, exponent } => {
                polymarket_order_fee_micros(size, price, rate_ppm, exponent)
            }
        }
    }
}

struct Case {
    schedules: Vec<Schedule>,
    kalshi_schedule: Vec<u16>,
    poly_schedule: Vec<u16>,
    ask: [Vec<u16>; 4],
    size: [Vec<u32>; 4],
    in_flight: Vec<u32>,
    cooling: Vec<(u32, f64)>,
    min_edge_units: u32,
    now_ms: f64,
    updates: Vec<Update>,
    dedup_ops: Vec<DedupOp>,
    fee_queries: Vec<FeeQuery>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let chunk =
            self.bytes.get(self.at..self.at + N).ok_or_else(|| format!("case truncated at byte {}", self.at))?;
        self.at += N;
        Ok(chunk.try_into().expect("the slice has N bytes"))
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        self.take().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Result<u32, String> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, String> {
        self.take().map(u64::from_le_bytes)
    }

    fn f64(&mut self) -> Result<f64, String> {
        self.take().map(f64::from_le_bytes)
    }

    fn count(&mut self) -> Result<usize, String> {
        self.u32().map(|n| n as usize)
    }

    fn many<T>(&mut self, n: usize, mut item: impl FnMut(&mut Self) -> Result<T, String>) -> Result<Vec<T>, String> {
        (0..n).map(|_| item(self)).collect()
    }
}

fn check_pair_index(pair: u32, n: usize, what: &str) -> Result<u32, String> {
    if (pair as usize) < n {
        Ok(pair)
    } else {
        Err(format!("{what}: pair {pair} out of range (N = {n})"))
    }
}

fn check_fee_inputs(size: u64, price: u32, rate_ppm: u32) -> Result<(), String> {
    if size > MAX_SIZE_HUNDREDTHS || price > ONE_DOLLAR || rate_ppm > MAX_RATE_PPM {
        return Err(format!("fee query out of range: size {size}, price {price}, rate {rate_ppm} ppm"));
    }
    Ok(())
}

fn parse_case(bytes: &[u8]) -> Result<Case, String> {
    let mut r = Reader { bytes, at: 0 };
    if &r.take::<8>()? != CASE_MAGIC {
        return Err("not a case file (bad magic)".into());
    }
    let (s, n, f, c) = (r.count()?, r.count()?, r.count()?, r.count()?);
    let (u, d, q) = (r.count()?, r.count()?, r.count()?);
    if s > MAX_SCHEDULES {
        return Err(format!("{s} fee schedules: at most {MAX_SCHEDULES} can be named"));
    }
    let min_edge_units = r.u32()?;
    let now_ms = r.f64()?;

    let schedules = r.many(s, |r| {
        let (venue, model, exponent, _) = (r.u8()?, r.u8()?, r.u8()?, r.u8()?);
        Schedule::new(venue, model, exponent, r.u32()?)
    })?;
    let schedule_id = |r: &mut Reader| {
        let id = r.u16()?;
        if usize::from(id) < s {
            Ok(id)
        } else {
            Err(format!("schedule id {id} out of range (S = {s})"))
        }
    };
    let kalshi_schedule = r.many(n, schedule_id)?;
    let poly_schedule = r.many(n, schedule_id)?;
    let ask = [r.many(n, Reader::u16)?, r.many(n, Reader::u16)?, r.many(n, Reader::u16)?, r.many(n, Reader::u16)?];
    let size = [r.many(n, Reader::u32)?, r.many(n, Reader::u32)?, r.many(n, Reader::u32)?, r.many(n, Reader::u32)?];
    let in_flight = r.many(f, |r| check_pair_index(r.u32()?, n, "in-flight"))?;
    let cooling = r.many(c, |r| Ok((check_pair_index(r.u32()?, n, "cooling")?, r.f64()?)))?;
    let updates = r.many(u, |r| {
        let pair = check_pair_index(r.u32()?, n, "update")?;
        let (leg, _) = (usize::from(r.u8()?), r.u8()?);
        if leg >= LEGS.len() {
            return Err(format!("update: leg {leg} out of range"));
        }
        Ok(Update { pair, leg, price: r.u16()?, size: r.u32()? })
    })?;
    let dedup_ops = r.many(d, |r| {
        let op = r.u8()?;
        r.take::<3>()?;
        let (pair, now_ms, cooldown_ms) = (r.u32()?, r.f64()?, r.f64()?);
        match op {
            0 => Ok(DedupOp::TryAcquire { pair, now_ms }),
            1 => Ok(DedupOp::Release { pair, now_ms, cooldown_ms }),
            2 => Ok(DedupOp::IsInFlight { pair }),
            _ => Err(format!("unknown dedup op {op}")),
        }
    })?;
    let fee_queries = r.many(q, |r| {
        let (kind, exponent, _) = (r.u8()?, u32::from(r.u8()?), r.u16()?);
        let (price, rate_ppm, precision_micros, size) = (r.u32()?, r.u32()?, r.u32()?, r.u64()?);
        check_fee_inputs(size, price, rate_ppm)?;
        match kind {
            0 => Ok(FeeQuery::KalshiTrade { size, price, rate_ppm }),
            1 if precision_micros > 0 => Ok(FeeQuery::KalshiOrderCost { size, price, rate_ppm, precision_micros }),
            2 if exponent <= 2 => Ok(FeeQuery::PolymarketFee { size, price, rate_ppm, exponent }),
            _ => Err(format!("invalid fee query: kind {kind}, exponent {exponent}, precision {precision_micros}")),
        }
    })?;
    if r.at != bytes.len() {
        return Err(format!("{} trailing bytes after the case", bytes.len() - r.at));
    }
    Ok(Case {
        schedules,
        kalshi_schedule,
        poly_schedule,
        ask,
        size,
        in_flight,
        cooling,
        min_edge_units,
        now_ms,
        updates,
        dedup_ops,
        fee_queries,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Modes.

#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn records(&mut self, records: &[Record]) {
        for &w in records.iter().flatten() {
            self.u32(w);
        }
    }

    fn checks(&mut self, checks: &[(u32, Record)]) {
        for &(code, rec) in checks {
            self.u32(code);
            for w in rec {
                self.u32(w);
            }
        }
    }
}

fn check_and_report(core: &mut Core, pair: u32, now_ms: f64) -> (u32, Record) {
    let code = core.check_pair(pair, now_ms);
    // `result` keeps the last hit; a miss reports zeros so every implementation's output is comparable.
    (code, if code == 0 { [0; 4] } else { core.result })
}

fn run_check(case: &Case, kernel: Kernel) -> Vec<u8> {
    let mut core = Core::load(case, kernel);
    let now = case.now_ms;
    let n = core.book.len();

    let checks: Vec<_> = (0..n as u32).map(|i| check_and_report(&mut core, i, now)).collect();
    core.scan(now);
    let first_scan = core.records.clone();
    let dedup: Vec<u32> = case
        .dedup_ops
        .iter()
        .map(|op| match *op {
            DedupOp::TryAcquire { pair, now_ms } => u32::from(core.dedup.try_acquire(pair, now_ms)),
            DedupOp::Release { pair, now_ms, cooldown_ms } => {
                core.dedup.release(pair, now_ms, cooldown_ms);
                0
            }
            DedupOp::IsInFlight { pair } => u32::from(core.dedup.is_in_flight(pair)),
        })
        .collect();
    let updates: Vec<_> = case
        .updates
        .iter()
        .map(|u| {
            core.book.set_ask(u.pair as usize, u.leg, u.price, u.size);
            check_and_report(&mut core, u.pair, now)
        })
        .collect();
    core.scan(now);

    let mut out = Out::default();
    let counts = [
        case.schedules.len(),
        n,
        first_scan.len(),
        dedup.len(),
        updates.len(),
        core.records.len(),
        case.fee_queries.len(),
    ];
    for c in counts {
        out.u32(c as u32);
    }
    for table in &core.book.fee_tables {
        for &fee in table {
            out.u16(fee);
        }
        out.u16(0);
    }
    out.checks(&checks);
    out.records(&first_scan);
    for answer in dedup {
        out.u32(answer);
    }
    out.checks(&updates);
    out.records(&core.records);
    for query in &case.fee_queries {
        out.u64(query.answer());
    }
    out.0
}

/// Rounds of at least this many operations, so the clock's own cost stays negligible per operation.
const MIN_ROUND_OPS: usize = 4096;
/// Scan rounds cover at least this many pairs (a 100-pair scan takes tens of ns, near the clock's own cost).
const MIN_ROUND_PAIRS: usize = 1 << 16;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Median ns per operation over `rounds` timed rounds of `ops` operations each, after `warmup` untimed rounds.
fn ns_per_op(warmup: usize, rounds: usize, ops: usize, mut round: impl FnMut()) -> f64 {
    for _ in 0..warmup {
        round();
    }
    let samples = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            round();
            start.elapsed().as_nanos() as f64 / ops as f64
        })
        .collect();
    median(samples)
}

fn run_bench(case: &Case, iters: usize) -> Result<String, String> {
    let n = case.kalshi_schedule.len();
    if n == 0 {
        return Err("bench needs at least one pair".into());
    }
    let mut core = Core::load(case, Kernel::Scalar);
    let now = case.now_ms;
    let warmup = iters / 10 + 1;

    let mut scan_ns = Vec::new();
    let scans = (MIN_ROUND_PAIRS / n).max(1);
    for kernel in Kernel::ALL {
        let ns = if kernel.runs_here() {
            core.set_kernel(kernel);
            let ns = ns_per_op(warmup, iters, scans, || {
                for _ in 0..scans {
                    black_box(core.scan(black_box(now)));
                    black_box(&core.records);
                }
            });
            format!("{ns:.1}")
        } else {
            "null".to_string()
        };
        scan_ns.push(format!("\"{}\":{ns}", kernel.name()));
    }
    let scan_ns = scan_ns.join(",");

    let stream: Vec<Update> = if case.updates.is_empty() {
        (0..n)
            .map(|i| {
                let leg = i % LEGS.len();
                Update { pair: i as u32, leg, price: case.ask[leg][i], size: case.size[leg][i] }
            })
            .collect()
    } else {
        case.updates.clone()
    };
    let ops = stream.len().max(MIN_ROUND_OPS);
    let mut next = 0;
    let check_ns = ns_per_op(warmup, iters, ops, || {
        for _ in 0..ops {
            let u = stream[next];
            next = if next + 1 == stream.len() { 0 } else { next + 1 };
            core.book.set_ask(u.pair as usize, u.leg, black_box(u.price), black_box(u.size));
            black_box(core.check_pair(u.pair, now));
            black_box(&core.result);
        }
    });

    let ops = n.max(MIN_ROUND_OPS);
    let mut pair = 0u32;
    let dedup_ns = ns_per_op(warmup, iters, ops, || {
        for _ in 0..ops {
            black_box(core.dedup.try_acquire(black_box(pair), now));
            core.dedup.release(pair, now, 0.0);
            pair = if pair as usize + 1 == n { 0 } else { pair + 1 };
        }
    });

    Ok(format!("{{\"pairs\":{n},\"scan_ns\":{{{scan_ns}}},\"check_ns\":{check_ns:.2},\"dedup_ns\":{dedup_ns:.2}}}"))
}

/// {"scalar":true,"sse4.1":..,"avx2":..}: which kernels this CPU runs.
fn kernels_json() -> String {
    let each: Vec<String> = Kernel::ALL.iter().map(|k| format!("\"{}\":{}", k.name(), k.runs_here())).collect();
    format!("{{{}}}", each.join(","))
}

const USAGE: &str =
    "usage: core-ref check [--kernel scalar|sse4.1|avx2] [CASE|-]  |  core-ref bench CASE|- ITERS  |  core-ref kernels";

fn read_case(path: Option<&str>) -> Result<Case, String> {
    let bytes = match path {
        None | Some("-") => {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading stdin: {e}"))?;
            bytes
        }
        Some(path) => fs::read(path).map_err(|e| format!("reading {path}: {e}"))?,
    };
    parse_case(&bytes)
}

fn run(args: &[String]) -> Result<(), String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut stdout = io::stdout().lock();
    let written = match args.as_slice() {
        ["check"] => stdout.write_all(&run_check(&read_case(None)?, Kernel::Scalar)),
        ["check", path] => stdout.write_all(&run_check(&read_case(Some(path))?, Kernel::Scalar)),
        ["check", "--kernel", kernel] => stdout.write_all(&run_check(&read_case(None)?, Kernel::parse(kernel)?)),
        ["check", "--kernel", kernel, path] => {
            stdout.write_all(&run_check(&read_case(Some(path))?, Kernel::parse(kernel)?))
        }
        ["kernels"] => writeln!(stdout, "{}", kernels_json()),
        ["bench", path, iters] => {
            let iters = iters.parse::<usize>().ok().filter(|&i| i > 0).ok_or("ITERS must be a positive integer")?;
            let line = run_bench(&read_case(Some(path))?, iters)?;
            writeln!(stdout, "{line}")
        }
        _ => return Err(USAGE.into()),
    };
    written.and_then(|()| stdout.flush()).map_err(|e| format!("writing stdout: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("core-ref: {message}");
            ExitCode::from(2)
        }
    }
}
