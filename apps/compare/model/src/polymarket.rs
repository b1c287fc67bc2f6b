//! Polymarket market-channel messages as the model reads them (terauss.md §2.2). Faithful: `book` only inside a
//! JSON array whose every element is {asset_id, bids, asks}; `price_change` {price_changes:[…]} only for side
//! "ASK"/"ask" (real sides are BUY/SELL), and then only lowering the cached ask. Fixed: single-object books too, and
//! SELL-side changes (the new size of a level; 0 removes it) applied to the token's ask levels.

use crate::kalshi::Variant;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// A token's best ask in cents and its size in the model's units.
#[derive(Debug, PartialEq)]
pub struct TokenTop {
    pub token: String,
    pub ask: u16,
    pub size: u16,
}

#[derive(Default)]
pub struct Books {
    /// token → ask levels: cents → shares (fixed variant only).
    asks: HashMap<String, BTreeMap<u16, f64>>,
    /// token → the cached best ask (faithful variant's price_change only lowers it).
    cached: HashMap<String, (u16, u16)>,
}

fn cents(v: &Value) -> Option<u16> {
    let p: f64 = v.as_str()?.parse().ok()?;
    Some((p * 100.0).round() as u16)
}

/// Shares read as dollars × 100 into a u16 (saturating): the model's size quirk, kept.
fn parse_size(v: &Value) -> Option<u16> {
    let s: f64 = v.as_str()?.parse().ok()?;
    Some((s * 100.0) as u16)
}

fn book_levels(e: &Value) -> Option<(String, Vec<(u16, f64, u16)>)> {
    let token = e.get("asset_id")?.as_str()?.to_string();
    e.get("bids")?.as_array()?;
    let asks = e.get("asks")?.as_array()?.iter().map(|l| Some((cents(l.get("price")?)?, l.get("size")?.as_str()?.parse::<f64>().ok()?, parse_size(l.get("size")?)?))).collect::<Option<Vec<_>>>()?;
    Some((token, asks))
}

fn best(token: &str, levels: &[(u16, f64, u16)]) -> TokenTop {
    let b = levels.iter().filter(|l| l.1 > 0.0).min_by_key(|l| l.0);
    TokenTop { token: token.to_string(), ask: b.map(|l| l.0).unwrap_or(0), size: b.map(|l| l.2).unwrap_or(0) }
}

fn top_of(books: &Books, token: &str) -> TokenTop {
    let levels: Vec<(u16, f64, u16)> = books.asks.get(token).map(|m| m.iter().map(|(p, s)| (*p, *s, (s * 100.0) as u16)).collect()).unwrap_or_default();
    best(token, &levels)
}

pub fn on_message(variant: Variant, text: &str, books: &mut Books) -> Vec<TokenTop> {
    let Ok(v) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    match (v, variant) {
        (Value::Array(items), Variant::Faithful) => {
            // All of them {asset_id, bids, asks}, or the array is dropped whole (as a failed deserialisation).
            let Some(parsed) = items.iter().map(book_levels).collect::<Option<Vec<_>>>() else { return Vec::new() };
            parsed.iter().map(|(t, l)| {
                let top = best(t, l);
                books.cached.insert(t.clone(), (top.ask, top.size));
                top
            }).collect()
        }
        (Value::Object(o), Variant::Faithful) => {
            if o.get("event_type").and_then(Value::as_str) != Some("price_change") {
                return Vec::new();
            }
            let Some(changes) = o.get("price_changes").and_then(Value::as_array) else { return Vec::new() };
            let mut out = Vec::new();
            for c in changes {
                let (Some(token), Some(side), Some(price)) = (c.get("asset_id").and_then(Value::as_str), c.get("side").and_then(Value::as_str), c.get("price").and_then(cents)) else { continue };
                if side != "ASK" && side != "ask" {
                    continue;
                }
                let (ask, size) = books.cached.get(token).copied().unwrap_or((0, 0));
                if ask == 0 || price < ask {
                    books.cached.insert(token.to_string(), (price, size));
                    out.push(TokenTop { token: token.to_string(), ask: price, size });
                }
            }
            out
        }
        (v, Variant::Fixed) => {
            let events = match v {
                Value::Array(items) => items,
                one => vec![one],
            };
            let mut touched: Vec<String> = Vec::new();
            for e in &events {
                match e.get("event_type").and_then(Value::as_str) {
                    Some("book") | None => {
                        if let Some((t, levels)) = book_levels(e) {
                            books.asks.insert(t.clone(), levels.iter().map(|l| (l.0, l.1)).collect());
                            touched.push(t);
                        }
                    }
                    Some("price_change") => {
                        for c in e.get("price_changes").and_then(Value::as_array).into_iter().flatten() {
                            let (Some(token), Some("SELL"), Some(price), Some(size)) = (c.get("asset_id").and_then(Value::as_str), c.get("side").and_then(Value::as_str), c.get("price").and_then(cents), c.get("size").and_then(Value::as_str).and_then(|s| s.parse::<f64>().ok())) else { continue };
                            let levels = books.asks.entry(token.to_string()).or_default();
                            if size > 0.0 {
                                levels.insert(price, size);
                            } else {
                                levels.remove(&price);
                            }
                            touched.push(token.to_string());
                        }
                    }
                    _ => {}
                }
            }
            touched.sort();
            touched.dedup();
            touched.iter().map(|t| top_of(books, t)).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"{"event_type":"book","asset_id":"A","market":"0xm","bids":[{"price":"0.40","size":"10"}],"asks":[{"price":"0.47","size":"20"},{"price":"0.45","size":"5"}],"timestamp":"1","hash":"h"}"#;
    const CHANGE: &str = r#"{"event_type":"price_change","market":"0xm","price_changes":[{"asset_id":"A","price":"0.44","size":"30","side":"SELL","hash":"h","best_bid":"0.40","best_ask":"0.44"}],"timestamp":"2"}"#;

    #[test]
    fn faithful_reads_books_only_in_arrays_and_never_a_buy_sell_change() {
        let mut b = Books::default();
        assert!(on_message(Variant::Faithful, BOOK, &mut b).is_empty());
        let top = on_message(Variant::Faithful, &format!("[{BOOK}]"), &mut b);
        assert_eq!(top, vec![TokenTop { token: "A".into(), ask: 45, size: 500 }]);
        assert!(on_message(Variant::Faithful, CHANGE, &mut b).is_empty());
        let ask_side = CHANGE.replace("SELL", "ASK");
        assert_eq!(on_message(Variant::Faithful, &ask_side, &mut b)[0].ask, 44);
    }

    #[test]
    fn fixed_reads_single_books_and_sell_changes() {
        let mut b = Books::default();
        assert_eq!(on_message(Variant::Fixed, BOOK, &mut b)[0].ask, 45);
        assert_eq!(on_message(Variant::Fixed, CHANGE, &mut b), vec![TokenTop { token: "A".into(), ask: 44, size: 3000 }]);
        let gone = CHANGE.replace(r#""size":"30""#, r#""size":"0""#);
        assert_eq!(on_message(Variant::Fixed, &gone, &mut b)[0].ask, 45);
    }
}
