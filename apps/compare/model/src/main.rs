//! terauss-model: a clean-room MODEL of the terauss Polymarket-Kalshi arbitrage bot's documented pipeline, run by
//! apps/compare against the project's simulator. NOT the terauss bot: it is written from shared/terauss.md (a
//! paraphrase of that bot's public source) and keeps its documented behaviour — integer-cent u16 prices, packed
//! atomic top of book, the per-contract Kalshi fee table and 1 ¢ threshold, its parsers (MODEL_VARIANT=faithful)
//! or the same with their known bugs fixed (fixed), one task per arb, Kalshi IOC + Polymarket FAK sent together.
//!
//! Env: MODEL_VARIANT, MODEL_PAIRS (JSON {pairs:[{kalshi_ticker, poly_yes_token, poly_no_token, description}]}),
//! KALSHI_WS_URL, POLYMARKET_WS_URL (ws:// only), KALSHI_API_KEY_ID, KALSHI_PRIVATE_KEY_PATH (PKCS#1 PEM);
//! DRY_RUN (default on: "1"/"true"; "0" trades, with KALSHI_REST_URL, POLY_CLOB_URL, POLY_PRIVATE_KEY, POLY_FUNDER).

mod eip712;
mod execution;
mod http;
mod kalshi;
mod polymarket;
mod sign;
mod state;
mod trade;
mod ws;

use execution::{Engine, Request};
use kalshi::Variant;
use state::{check_arbs, fee_table, first_arb, AtomicBook, ArbType};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use ws::Incoming;

struct Market {
    description: Arc<str>,
    ticker: Arc<str>,
    yes_token: Arc<str>,
    no_token: Arc<str>,
    kalshi: AtomicBook,
    poly: AtomicBook,
}

/// Built once at start and immutable after (markets are never added while it runs, as in the model's source).
struct Global {
    markets: Vec<Market>,
    by_ticker: HashMap<String, u16>,
    by_yes_token: HashMap<String, u16>,
    by_no_token: HashMap<String, u16>,
    fees: [u16; 101],
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("terauss-model: {name} is not set");
        std::process::exit(2)
    })
}

fn load(path: &str) -> Global {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("MODEL_PAIRS {path}: {e}"));
    let v: serde_json::Value = serde_json::from_str(&text).expect("MODEL_PAIRS: not JSON");
    let mut g = Global { markets: Vec::new(), by_ticker: HashMap::new(), by_yes_token: HashMap::new(), by_no_token: HashMap::new(), fees: fee_table() };
    for p in v["pairs"].as_array().expect("MODEL_PAIRS: no pairs") {
        let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
        // 1 024 slots at most; the source drops pairs beyond them silently.
        if g.markets.len() >= 1024 {
            break;
        }
        let id = g.markets.len() as u16;
        g.by_ticker.insert(s("kalshi_ticker"), id);
        g.by_yes_token.insert(s("poly_yes_token"), id);
        g.by_no_token.insert(s("poly_no_token"), id);
        g.markets.push(Market {
            description: s("description").into(),
            ticker: s("kalshi_ticker").into(),
            yes_token: s("poly_yes_token").into(),
            no_token: s("poly_no_token").into(),
            kalshi: AtomicBook::default(),
            poly: AtomicBook::default(),
        });
    }
    g
}

/// The check after an update of one market: only the touched market, as the source does.
fn check(g: &Global, id: u16, detected: Instant, tx: &mpsc::Sender<Request>) {
    let m = &g.markets[id as usize];
    let (ky, kn, kys, kns) = m.kalshi.load();
    let (py, pn, pys, pns) = m.poly.load();
    let Some(arb) = first_arb(check_arbs(&g.fees, (ky, kn), (py, pn))) else { return };
    let f = |x: u16| g.fees[x.min(100) as usize];
    let (yes, no, yes_size, no_size, est_fee) = match arb {
        ArbType::PolyYesKalshiNo => (py, kn, pys, kns, f(kn)),
        ArbType::KalshiYesPolyNo => (ky, pn, kys, pns, f(ky)),
        ArbType::PolyOnly => (py, pn, pys, pns, 0),
        ArbType::KalshiOnly => (ky, kn, kys, kns, f(ky) + f(kn)),
    };
    // try_send: a full channel drops the request silently, as the source does.
    let _ = tx.try_send(Request {
        market_id: id,
        description: m.description.clone(),
        ticker: m.ticker.clone(),
        yes_token: m.yes_token.clone(),
        no_token: m.no_token.clone(),
        arb,
        yes,
        no,
        yes_size,
        no_size,
        est_fee,
        detected,
    });
}

async fn kalshi_task(g: Arc<Global>, variant: Variant, tx: mpsc::Sender<Request>, ready: Arc<AtomicU8>) -> std::io::Result<()> {
    let key = sign::KalshiKey::load(env("KALSHI_API_KEY_ID"), &std::fs::read(env("KALSHI_PRIVATE_KEY_PATH"))?).map_err(std::io::Error::other)?;
    let headers = key.headers("GET", "/trade-api/ws/v2").map_err(std::io::Error::other)?;
    let (mut rd, mut wr) = ws::connect(&env("KALSHI_WS_URL"), &headers).await?;
    let tickers: Vec<&String> = g.by_ticker.keys().collect();
    wr.text(&serde_json::json!({"id": 1, "cmd": "subscribe", "params": {"channels": ["orderbook_delta"], "market_tickers": tickers}}).to_string()).await?;
    announce(&ready);
    let mut books = kalshi::Books::default();
    loop {
        match rd.next().await? {
            Incoming::Text(t) => {
                let at = Instant::now();
                if let Some(top) = kalshi::on_message(variant, &t, &mut books) {
                    if let Some(&id) = g.by_ticker.get(&top.ticker) {
                        g.markets[id as usize].kalshi.store(top.yes_ask, top.no_ask, top.yes_size, top.no_size);
                        check(&g, id, at, &tx);
                    }
                }
            }
            Incoming::Ping(p) => wr.pong(&p).await?,
            Incoming::Closed => return Ok(()),
        }
    }
}

async fn poly_task(g: Arc<Global>, variant: Variant, tx: mpsc::Sender<Request>, ready: Arc<AtomicU8>) -> std::io::Result<()> {
    let (mut rd, mut wr) = ws::connect(&env("POLYMARKET_WS_URL"), &[]).await?;
    let mut assets: Vec<&String> = g.by_yes_token.keys().chain(g.by_no_token.keys()).collect();
    assets.sort();
    assets.dedup();
    wr.text(&serde_json::json!({"assets_ids": assets, "type": "market"}).to_string()).await?;
    announce(&ready);
    let mut books = polymarket::Books::default();
    // Protocol-level pings every 30 s (POLY_PING_INTERVAL_SECS).
    let mut ping = tokio::time::interval(Duration::from_secs(30));
    loop {
        tokio::select! {
            m = rd.next() => match m? {
                Incoming::Text(t) => {
                    let at = Instant::now();
                    for top in polymarket::on_message(variant, &t, &mut books) {
                        if let Some(&id) = g.by_yes_token.get(&top.token) {
                            g.markets[id as usize].poly.update_yes(top.ask, top.size);
                            check(&g, id, at, &tx);
                        }
                        if let Some(&id) = g.by_no_token.get(&top.token) {
                            g.markets[id as usize].poly.update_no(top.ask, top.size);
                            check(&g, id, at, &tx);
                        }
                    }
                }
                Incoming::Ping(p) => wr.pong(&p).await?,
                Incoming::Closed => return Ok(()),
            },
            _ = ping.tick() => wr.ping().await?,
        }
    }
}

/// `[MODEL] ready` once both sockets have subscribed: the harness waits for it.
fn announce(ready: &AtomicU8) {
    if ready.fetch_add(1, Ordering::AcqRel) == 1 {
        println!("[MODEL] ready");
    }
}

#[tokio::main]
async fn main() {
    // `terauss-model address`: the wallet address of POLY_PRIVATE_KEY (the harness registers it before a run).
    if std::env::args().nth(1).as_deref() == Some("address") {
        println!("{}", eip712::Wallet::from_hex(&env("POLY_PRIVATE_KEY")).expect("POLY_PRIVATE_KEY").address);
        return;
    }
    let variant = match env("MODEL_VARIANT").as_str() {
        "faithful" => Variant::Faithful,
        "fixed" => Variant::Fixed,
        other => {
            eprintln!("terauss-model: MODEL_VARIANT must be faithful or fixed, got {other}");
            std::process::exit(2)
        }
    };
    // DRY_RUN is on unless set to something other than 1/true, as in the source.
    let dry_run = std::env::var("DRY_RUN").map(|v| v == "1" || v == "true").unwrap_or(true);
    let g = Arc::new(load(&env("MODEL_PAIRS")));
    println!("[MODEL] {} markets, variant {:?}, {}", g.markets.len(), if variant == Variant::Fixed { "fixed" } else { "faithful" }, if dry_run { "DRY RUN" } else { "TRADING" });
    let venues = if dry_run {
        None
    } else {
        let k = sign::KalshiKey::load(env("KALSHI_API_KEY_ID"), &std::fs::read(env("KALSHI_PRIVATE_KEY_PATH")).expect("KALSHI_PRIVATE_KEY_PATH")).expect("Kalshi key");
        let w = eip712::Wallet::from_hex(&env("POLY_PRIVATE_KEY")).expect("POLY_PRIVATE_KEY");
        let v = trade::Venues::new(http::Client::new(&env("KALSHI_REST_URL")).expect("KALSHI_REST_URL"), k, http::Client::new(&env("POLY_CLOB_URL")).expect("POLY_CLOB_URL"), w, env("POLY_FUNDER"));
        // The CLOB API key at start, before any socket (the source derives it at start, even in a dry run).
        if let Err(e) = v.api_key().await {
            eprintln!("terauss-model: Polymarket API key: {e}");
            std::process::exit(1)
        }
        println!("[MODEL] wallet {} funder {}", v.wallet.address, v.funder);
        Some(Arc::new(v))
    };
    let (tx, mut rx) = mpsc::channel::<Request>(256);
    let engine = Arc::new(Engine::new(venues));
    let ready = Arc::new(AtomicU8::new(0));
    let k = tokio::spawn(kalshi_task(g.clone(), variant, tx.clone(), ready.clone()));
    let p = tokio::spawn(poly_task(g.clone(), variant, tx, ready));
    tokio::spawn(async move {
        while let Some(r) = rx.recv().await {
            tokio::spawn(engine.clone().process(r));
        }
    });
    let (a, b) = tokio::join!(k, p);
    for r in [a, b] {
        if let Ok(Err(e)) = r {
            eprintln!("terauss-model: socket ended: {e}");
        }
    }
}
