#!/usr/bin/env node
// The fixture peer: a tiny stand-in for the peer bots, speaking the peer dialects (Kalshi legacy integer cents,
// Polymarket one event per message with flat price_change) and parsing them by the Python bot's documented rules
// (shared/peer-race.md §1.6): Kalshi snapshots yes/no [[cents, qty]] and deltas {price (cents), delta, side}, NO bids
// read as YES asks at 100 − p; Polymarket `book` as an array or an object with [{price, size}] sides, `price_change`
// with asset_id/price/size/side at the top (size = the level's new total). It detects the Python bot's Dutch book
// (Kalshi YES of one team + the other team's Polymarket token under $1) and prints `DETECT <ticker> <edgeBps>` once
// per episode. In trade mode it also buys the Kalshi leg (legacy POST /portfolio/orders, IOC) and nothing else: a
// one-legged trader, so the harness's execution and partial-fill paths have something to judge in CI.
// Run by apps/compare (--quick and its tests); not a product. Bounded by the harness (killed by pid).
import { constants, createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import WebSocket from "ws";

const env = (k) => {
  const v = process.env[k];
  if (v === undefined || v === "") {
    process.stderr.write(`fixture peer: ${k} is not set\n`);
    process.exit(2);
  }
  return v;
};
const KALSHI_WS = env("PEER_KALSHI_WS");
const KALSHI_REST = env("PEER_KALSHI_REST");
const POLY_WS = env("PEER_POLY_WS");
const KEY_ID = env("PEER_KEY_ID");
const KEY = readFileSync(env("PEER_KEY_PATH"), "utf8");
/** [{ eventTicker, tickers: [A, B], tokens: { A: tokenA, B: tokenB } }]: team code = a ticker's last segment. */
const GAMES = JSON.parse(readFileSync(env("PEER_GAMES"), "utf8"));
const TRADE = process.env.PEER_MODE === "trade";
const MIN_EDGE_UNITS = Number(process.env.PEER_MIN_EDGE_BPS ?? "50");

const sign = (method, path) => {
  const ts = String(Date.now());
  const sig = createSign("RSA-SHA256")
    .update(ts + method + path)
    .end()
    .sign({ key: KEY, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return { "KALSHI-ACCESS-KEY": KEY_ID, "KALSHI-ACCESS-TIMESTAMP": ts, "KALSHI-ACCESS-SIGNATURE": sig.toString("base64") };
};

// Kalshi books: ticker → { yes: Map<cents, qty>, no: Map<cents, qty> } (bids only, as the venue sends them).
const kalshi = new Map();
// Polymarket books: token → { bids: Map<units, hundredths>, asks: Map<units, hundredths> }.
const poly = new Map();
const units = (text) => Math.round(Number(text) * 10_000);

function kalshiYesAsk(ticker) {
  const b = kalshi.get(ticker);
  if (b === undefined || b.no.size === 0) return undefined;
  const bestNo = Math.max(...b.no.keys());
  return { units: (100 - bestNo) * 100, qty: b.no.get(bestNo) };
}
function polyAsk(token) {
  const b = poly.get(token);
  if (b === undefined || b.asks.size === 0) return undefined;
  const best = Math.min(...b.asks.keys());
  return { units: best, hundredths: b.asks.get(best) };
}

const live = new Set();
function check() {
  for (const g of GAMES) {
    for (const [ticker, other] of [
      [g.tickers[0], g.tickers[1]],
      [g.tickers[1], g.tickers[0]],
    ]) {
      const k = kalshiYesAsk(ticker);
      const p = polyAsk(g.tokens[other.slice(other.lastIndexOf("-") + 1)]);
      const edge = k === undefined || p === undefined ? -1 : 10_000 - k.units - p.units;
      if (edge < MIN_EDGE_UNITS) {
        live.delete(ticker);
        continue;
      }
      if (live.has(ticker)) continue;
      live.add(ticker);
      process.stdout.write(`DETECT ${ticker} ${edge}\n`);
      if (TRADE) order(ticker, k, p);
    }
  }
}

let orders = 0;
function order(ticker, k, p) {
  const count = Math.max(1, Math.min(k.qty, Math.floor(p.hundredths / 100), 50));
  const path = "/trade-api/v2/portfolio/orders";
  const body = {
    ticker,
    action: "buy",
    side: "yes",
    type: "limit",
    count,
    yes_price: k.units / 100,
    time_in_force: "immediate_or_cancel",
    client_order_id: `fixture-${process.pid}-${++orders}`,
  };
  fetch(new URL(path, KALSHI_REST), { method: "POST", headers: { ...sign("POST", path), "content-type": "application/json" }, body: JSON.stringify(body) })
    .then(async (r) => process.stdout.write(`ORDER ${ticker} ${r.status} ${(await r.text()).slice(0, 200)}\n`))
    .catch((e) => process.stdout.write(`ORDER ${ticker} failed ${e.message}\n`));
}

function onKalshi(text) {
  const f = JSON.parse(text);
  const m = f.msg;
  if (f.type === "orderbook_snapshot") {
    kalshi.set(m.market_ticker, { yes: new Map((m.yes ?? []).map(([p, q]) => [p, q])), no: new Map((m.no ?? []).map(([p, q]) => [p, q])) });
  } else if (f.type === "orderbook_delta") {
    const b = kalshi.get(m.market_ticker);
    if (b === undefined) return; // a delta before its snapshot is dropped, as the peer does
    const side = m.side === "yes" ? b.yes : b.no;
    const q = (side.get(m.price) ?? 0) + m.delta;
    if (q > 0) side.set(m.price, q);
    else side.delete(m.price);
  } else return;
  check();
}

function onPoly(text) {
  if (text === "PONG") return;
  const v = JSON.parse(text);
  for (const e of Array.isArray(v) ? v : [v]) {
    if (e.event_type === "book") {
      const side = (levels) => new Map(levels.map((l) => [units(l.price), units(l.size) / 100]));
      poly.set(e.asset_id ?? e.market, { bids: side(e.bids ?? []), asks: side(e.asks ?? []) });
    } else if (e.event_type === "price_change") {
      const b = poly.get(e.asset_id ?? e.market);
      if (b === undefined) continue;
      const side = e.side === "BUY" ? b.bids : b.asks;
      const size = units(e.size) / 100;
      if (size > 0) side.set(units(e.price), size);
      else side.delete(units(e.price));
    }
  }
  check();
}

const tickers = GAMES.flatMap((g) => g.tickers);
const tokens = GAMES.flatMap((g) => Object.values(g.tokens));
const k = new WebSocket(KALSHI_WS, { headers: sign("GET", "/trade-api/ws/v2") });
k.on("open", () => k.send(JSON.stringify({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_tickers: tickers } })));
k.on("message", (d) => onKalshi(String(d)));
const p = new WebSocket(POLY_WS);
p.on("open", () => {
  p.send(JSON.stringify({ assets_ids: tokens, type: "market" }));
  process.stdout.write("READY\n");
});
p.on("message", (d) => onPoly(String(d)));
const keepAlive = setInterval(() => p.readyState === p.OPEN && p.send("PING"), 10_000);
for (const s of [k, p]) s.on("error", (e) => process.stderr.write(`fixture peer: ${e.message}\n`));
const stop = () => {
  clearInterval(keepAlive);
  k.terminate();
  p.terminate();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
