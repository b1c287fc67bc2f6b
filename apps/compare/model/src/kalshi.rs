//! Kalshi book messages as the model reads them (terauss.md §2.2). Faithful: legacy integer-cent `yes`/`no` level
//! arrays only, from snapshots — and from deltas only if they carry such arrays, which real deltas never do, so the
//! book stays frozen at the snapshot. Fixed: deltas {price (¢), delta, side} are applied to the snapshot's levels.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Faithful,
    Fixed,
}

/// A market's top of book in the model's units: asks in cents, sizes in its "size cents".
#[derive(Debug, PartialEq, Eq)]
pub struct Top {
    pub ticker: String,
    pub yes_ask: u16,
    pub no_ask: u16,
    pub yes_size: u16,
    pub no_size: u16,
}

#[derive(Default)]
pub struct Books {
    /// ticker → (YES bids, NO bids): price cents → contracts (fixed variant only).
    levels: HashMap<String, (BTreeMap<i64, i64>, BTreeMap<i64, i64>)>,
}

/// `[[cents, qty], …]` or None when any entry is not a pair of integers (serde would fail the whole message).
fn int_levels(v: Option<&Value>) -> Option<Vec<(i64, i64)>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(rows)) => rows.iter().map(|r| Some((r.get(0)?.as_i64()?, r.get(1)?.as_i64()?))).collect(),
        _ => None,
    }
}

/// Bids only, as the venue sends them: YES ask = 100 − best NO bid, NO ask = 100 − best YES bid. The size is
/// `qty × bid / 100` cast to u16, which truncates and wraps, as the model's source does.
fn top(ticker: &str, yes: impl Iterator<Item = (i64, i64)>, no: impl Iterator<Item = (i64, i64)>) -> Top {
    let best = |it: &mut dyn Iterator<Item = (i64, i64)>| it.filter(|(_, q)| *q > 0).max_by_key(|(p, _)| *p);
    let (mut yes, mut no) = (yes, no);
    let by = best(&mut yes);
    let bn = best(&mut no);
    let ask = |b: Option<(i64, i64)>| b.map(|(p, _)| (100 - p) as u16).unwrap_or(0);
    let size = |b: Option<(i64, i64)>| b.map(|(p, q)| (q * p / 100) as u16).unwrap_or(0);
    Top { ticker: ticker.to_string(), yes_ask: ask(bn), no_ask: ask(by), yes_size: size(bn), no_size: size(by) }
}

/// One text message → the market whose top it sets, if any.
pub fn on_message(variant: Variant, text: &str, books: &mut Books) -> Option<Top> {
    let v: Value = serde_json::from_str(text).ok()?;
    let kind = v.get("type")?.as_str()?;
    let msg = v.get("msg")?;
    let ticker = msg.get("market_ticker")?.as_str()?;
    let carries_levels = msg.get("yes").is_some() || msg.get("no").is_some();
    match (kind, variant) {
        ("orderbook_snapshot", _) | ("orderbook_delta", Variant::Faithful) if carries_levels || kind == "orderbook_snapshot" => {
            let yes = int_levels(msg.get("yes"))?;
            let no = int_levels(msg.get("no"))?;
            if variant == Variant::Fixed {
                books.levels.insert(ticker.to_string(), (yes.iter().copied().collect(), no.iter().copied().collect()));
            }
            Some(top(ticker, yes.into_iter(), no.into_iter()))
        }
        ("orderbook_delta", Variant::Fixed) => {
            let (price, delta) = (msg.get("price")?.as_i64()?, msg.get("delta")?.as_i64()?);
            let (yes, no) = books.levels.get_mut(ticker)?;
            let side = if msg.get("side")?.as_str()? == "yes" { yes } else { no };
            let q = side.get(&price).copied().unwrap_or(0) + delta;
            if q > 0 {
                side.insert(price, q);
            } else {
                side.remove(&price);
            }
            let (yes, no) = books.levels.get(ticker)?;
            Some(top(ticker, yes.iter().map(|(p, q)| (*p, *q)), no.iter().map(|(p, q)| (*p, *q))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNAP: &str = r#"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes":[[40,300],[44,100]],"yes_dollars":[["0.400",300]],"no":[[50,200]]}}"#;
    const DELTA: &str = r#"{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"T","price":55,"price_dollars":"0.550","delta":40,"side":"no"}}"#;

    #[test]
    fn snapshot_gives_asks_from_the_other_sides_best_bid() {
        let t = on_message(Variant::Faithful, SNAP, &mut Books::default()).unwrap();
        assert_eq!(t, Top { ticker: "T".into(), yes_ask: 50, no_ask: 56, yes_size: 100, no_size: 44 });
    }

    #[test]
    fn faithful_ignores_real_deltas_fixed_applies_them() {
        let mut b = Books::default();
        on_message(Variant::Faithful, SNAP, &mut b);
        assert_eq!(on_message(Variant::Faithful, DELTA, &mut b), None);
        let mut b = Books::default();
        on_message(Variant::Fixed, SNAP, &mut b);
        let t = on_message(Variant::Fixed, DELTA, &mut b).unwrap();
        assert_eq!((t.yes_ask, t.yes_size), (45, 22));
    }

    #[test]
    fn current_fixed_point_shapes_are_not_read() {
        let cur = r#"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.4000","300.00"]]}}"#;
        let t = on_message(Variant::Fixed, cur, &mut Books::default()).unwrap();
        assert_eq!((t.yes_ask, t.no_ask), (0, 0));
        let strings = r#"{"type":"orderbook_snapshot","msg":{"market_ticker":"T","yes":[["40","300"]]}}"#;
        assert_eq!(on_message(Variant::Fixed, strings, &mut Books::default()), None);
    }
}
