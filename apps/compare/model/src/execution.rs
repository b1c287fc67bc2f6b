//! The model's execution side (terauss.md §4–§6): a bounded channel of requests (try_send: dropped when full), one
//! task per request running the in-flight bit (512 bits; ids ≥ 512 are not deduplicated), the profit re-check,
//! sizing `min(yes_size, no_size) / 100`, the circuit breaker's checks, then either the dry-run log or both legs at
//! once (tokio::join!), matched = min of the fills, and the excess sold in the background at the price − 10 ¢ — with
//! the documented slot swap for PolyYesKalshiNo, which sells the wrong leg. The bit is released at once on an early
//! exit, 10 s later otherwise (its per-market cooldown).

use crate::state::ArbType;
use crate::trade::Venues;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Request {
    pub market_id: u16,
    pub description: Arc<str>,
    pub ticker: Arc<str>,
    pub yes_token: Arc<str>,
    pub no_token: Arc<str>,
    pub arb: ArbType,
    pub yes: u16,
    pub no: u16,
    pub yes_size: u16,
    pub no_size: u16,
    pub est_fee: u16,
    /// When the socket task read the message that revealed it (one monotonic clock for the whole process).
    pub detected: Instant,
}

pub struct Engine {
    in_flight: [AtomicU64; 8],
    /// None: DRY_RUN.
    venues: Option<Arc<Venues>>,
    /// CB_MAX_POSITION_PER_MARKET / CB_MAX_TOTAL_POSITION defaults; DRY_RUN records no position, so they never bind.
    max_total: u64,
}

impl Engine {
    pub fn new(venues: Option<Arc<Venues>>) -> Self {
        Engine { in_flight: Default::default(), venues, max_total: 100_000 }
    }

    fn acquire(&self, id: u16) -> bool {
        if id >= 512 {
            return true;
        }
        let bit = 1u64 << (id % 64);
        self.in_flight[(id / 64) as usize].fetch_or(bit, Ordering::AcqRel) & bit == 0
    }

    fn release(&self, id: u16) {
        if id < 512 {
            self.in_flight[(id / 64) as usize].fetch_and(!(1u64 << (id % 64)), Ordering::AcqRel);
        }
    }

    pub async fn process(self: Arc<Self>, r: Request) {
        if !self.acquire(r.market_id) {
            return; // "Already in-flight": not logged
        }
        let profit = 100i32 - (r.yes as i32 + r.no as i32 + r.est_fee as i32);
        if profit < 1 {
            self.release(r.market_id);
            return;
        }
        let contracts = (r.yes_size.min(r.no_size) / 100) as u64;
        if contracts < 1 {
            println!("[EXEC] ⚠️ market_id={}: Some(\"Insufficient liquidity\")", r.market_id);
            self.release(r.market_id);
            return;
        }
        if contracts > self.max_total {
            println!("[EXEC] ⚠️ market_id={}: Some(\"Circuit breaker\")", r.market_id);
            self.release(r.market_id);
            return;
        }
        let us = r.detected.elapsed().as_micros();
        println!("[EXEC] 🎯 {} | {:?} y={}¢ n={}¢ | profit={}¢ | {}x | {}µs", r.description, r.arb, r.yes, r.no, profit, contracts, us);
        match &self.venues {
            None => println!("[EXEC] 🏃 DRY RUN - would execute {contracts} contracts"),
            Some(v) => execute(v.clone(), &r, contracts).await,
        }
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(10)).await;
            me.release(r.market_id);
        });
    }
}

/// A leg: Kalshi (ticker, side) or Polymarket (token).
#[derive(Clone)]
enum Leg {
    Kalshi(Arc<str>, &'static str),
    Poly(Arc<str>),
}

async fn buy(v: &Venues, leg: &Leg, price: u16, n: u64) -> u64 {
    match leg {
        Leg::Kalshi(t, side) => v.kalshi_ioc(t, side, "buy", price, n).await,
        Leg::Poly(token) => v.poly_fak(token, false, price, n).await,
    }
}

/// The excess, sold once at the original price − 10 ¢ (at least 1 ¢); Polymarket's after 2 s for settlement.
async fn auto_close(v: Arc<Venues>, leg: Leg, price: u16, n: u64) {
    let at = price.saturating_sub(10).max(1);
    let sold = match &leg {
        Leg::Kalshi(t, side) => v.kalshi_ioc(t, side, "sell", at, n).await,
        Leg::Poly(token) => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            v.poly_fak(token, true, at, n).await
        }
    };
    println!("[EXEC] 🔄 auto-close sold {sold}/{n} at {at}¢");
}

async fn execute(v: Arc<Venues>, r: &Request, contracts: u64) {
    let (yes_leg, no_leg) = match r.arb {
        ArbType::PolyYesKalshiNo => (Leg::Poly(r.yes_token.clone()), Leg::Kalshi(r.ticker.clone(), "no")),
        ArbType::KalshiYesPolyNo => (Leg::Kalshi(r.ticker.clone(), "yes"), Leg::Poly(r.no_token.clone())),
        ArbType::PolyOnly => (Leg::Poly(r.yes_token.clone()), Leg::Poly(r.no_token.clone())),
        ArbType::KalshiOnly => (Leg::Kalshi(r.ticker.clone(), "yes"), Leg::Kalshi(r.ticker.clone(), "no")),
    };
    let (a, b) = tokio::join!(buy(&v, &yes_leg, r.yes, contracts), buy(&v, &no_leg, r.no, contracts));
    // extract_cross_results returns (Kalshi, Polymarket) in the (yes, no) slots whatever the type: right for
    // KalshiYesPolyNo, swapped for PolyYesKalshiNo (whose YES leg is Polymarket's).
    let (yes_filled, no_filled) = if r.arb == ArbType::PolyYesKalshiNo { (b, a) } else { (a, b) };
    let matched = yes_filled.min(no_filled);
    // i16 arithmetic as the source: it overflows above ~327 contracts.
    let actual = (matched as i64 * 100 - (yes_filled as i64 * r.yes as i64 + no_filled as i64 * r.no as i64)) as i16;
    println!("[EXEC] ✅ market_id={} profit={}¢ latency={}µs matched={} yes={} no={}", r.market_id, actual, r.detected.elapsed().as_micros(), matched, yes_filled, no_filled);
    if yes_filled > no_filled {
        tokio::spawn(auto_close(v.clone(), yes_leg, r.yes, yes_filled - no_filled));
    } else if no_filled > yes_filled {
        tokio::spawn(auto_close(v.clone(), no_leg, r.no, no_filled - yes_filled));
    }
}
