//! The model's price state, as terauss.md §2 documents it: integer cents in u16 (0 = no price), one packed
//! `AtomicU64` top-of-book per venue per market `[yes_ask:16][no_ask:16][yes_size:16][no_size:16]`, the static
//! 101-entry Kalshi fee table, and the four arb types checked against a 100 ¢ threshold (round(0.995 × 100)).

use std::sync::atomic::{AtomicU64, Ordering};

pub type PriceCents = u16;
pub const NO_PRICE: PriceCents = 0;
/// round(0.995 × 100): an arb needs a fee-inclusive cost strictly below 100 ¢ (≥ 1 ¢ per contract).
pub const THRESHOLD_CENTS: u16 = 100;

pub fn pack(yes_ask: u16, no_ask: u16, yes_size: u16, no_size: u16) -> u64 {
    ((yes_ask as u64) << 48) | ((no_ask as u64) << 32) | ((yes_size as u64) << 16) | (no_size as u64)
}

pub fn unpack(w: u64) -> (u16, u16, u16, u16) {
    ((w >> 48) as u16, (w >> 32) as u16, (w >> 16) as u16, w as u16)
}

/// One venue's top of book for one market, lock-free.
#[derive(Default)]
pub struct AtomicBook(AtomicU64);

impl AtomicBook {
    pub fn load(&self) -> (u16, u16, u16, u16) {
        unpack(self.0.load(Ordering::Acquire))
    }
    /// Kalshi overwrites the whole word (both sides come from one book).
    pub fn store(&self, yes_ask: u16, no_ask: u16, yes_size: u16, no_size: u16) {
        self.0.store(pack(yes_ask, no_ask, yes_size, no_size), Ordering::Release);
    }
    /// Polymarket updates one side at a time (its YES and NO are separate token streams): a CAS loop.
    pub fn update_yes(&self, ask: u16, size: u16) {
        self.cas(|(_, n, _, ns)| pack(ask, n, size, ns));
    }
    pub fn update_no(&self, ask: u16, size: u16) {
        self.cas(|(y, _, ys, _)| pack(y, ask, ys, size));
    }
    fn cas(&self, f: impl Fn((u16, u16, u16, u16)) -> u64) {
        let mut cur = self.0.load(Ordering::Acquire);
        loop {
            match self.0.compare_exchange_weak(cur, f(unpack(cur)), Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return,
                Err(seen) => cur = seen,
            }
        }
    }
}

/// ceil(7 · p · (100 − p) / 10 000) ¢ per contract, p in cents: the taker fee rounded up per contract (Kalshi
/// really rounds once per order). Built once, looked up on the hot path.
pub fn fee_table() -> [u16; 101] {
    let mut t = [0u16; 101];
    for (p, slot) in t.iter_mut().enumerate() {
        let n = 7 * p as u32 * (100 - p as u32);
        *slot = n.div_ceil(10_000) as u16;
    }
    t
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArbType {
    PolyYesKalshiNo,
    KalshiYesPolyNo,
    PolyOnly,
    KalshiOnly,
}

/// The bit mask of arb types whose cost is below the threshold; any missing price (0) means none at all.
pub fn check_arbs(fees: &[u16; 101], k: (u16, u16), p: (u16, u16)) -> u8 {
    let (k_yes, k_no) = k;
    let (p_yes, p_no) = p;
    if k_yes == NO_PRICE || k_no == NO_PRICE || p_yes == NO_PRICE || p_no == NO_PRICE {
        return 0;
    }
    let f = |x: u16| fees[x.min(100) as usize];
    // terauss puts these four sums in a wide::i16x8 and compares once; four scalar compares are the same answer.
    let costs = [p_yes + k_no + f(k_no), k_yes + f(k_yes) + p_no, p_yes + p_no, k_yes + f(k_yes) + k_no + f(k_no)];
    let mut mask = 0u8;
    for (i, c) in costs.iter().enumerate() {
        if *c < THRESHOLD_CENTS {
            mask |= 1 << i;
        }
    }
    mask
}

/// One request per detected market, the first set bit in the order 1 → 2 → 4 → 8 (cross-venue first).
pub fn first_arb(mask: u8) -> Option<ArbType> {
    [ArbType::PolyYesKalshiNo, ArbType::KalshiYesPolyNo, ArbType::PolyOnly, ArbType::KalshiOnly].into_iter().enumerate().find(|(i, _)| mask & (1 << i) != 0).map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_updates_one_side_at_a_time() {
        let b = AtomicBook::default();
        b.store(45, 56, 300, 200);
        assert_eq!(b.load(), (45, 56, 300, 200));
        b.update_yes(44, 10);
        b.update_no(57, 20);
        assert_eq!(b.load(), (44, 57, 10, 20));
        assert_eq!(unpack(pack(1, 2, 3, 65535)), (1, 2, 3, 65535));
    }

    #[test]
    fn fee_table_is_one_cent_at_the_tails_and_two_in_the_middle() {
        let t = fee_table();
        assert_eq!((t[0], t[1], t[17], t[50], t[83], t[99], t[100]), (0, 1, 1, 2, 1, 1, 0));
        assert_eq!(t[18], 2);
    }

    #[test]
    fn an_arb_needs_a_cost_below_100_cents_and_every_price() {
        let fees = fee_table();
        // Kalshi YES 45 (+2 fee) + Polymarket NO 52 = 99 < 100: KalshiYesPolyNo.
        assert_eq!(check_arbs(&fees, (45, 60), (50, 52)), 0b0010);
        assert_eq!(first_arb(0b0010), Some(ArbType::KalshiYesPolyNo));
        // 45 + 2 + 53 = 100: not below.
        assert_eq!(check_arbs(&fees, (45, 60), (50, 53)), 0);
        assert_eq!(check_arbs(&fees, (45, 0), (50, 52)), 0);
        // Polymarket alone: 48 + 50 = 98; cross kinds first when several clear.
        assert_eq!(first_arb(check_arbs(&fees, (60, 60), (48, 50))), Some(ArbType::PolyOnly));
    }
}
