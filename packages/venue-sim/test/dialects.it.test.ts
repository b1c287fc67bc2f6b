import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogRecord, Sim } from "../src/index.js";
import { type Json, type Trader, WsClient, newTrader, quietSim, waitFor } from "./helpers.js";
import { PolyWs } from "./polymarket-helpers.js";

/**
 * Several dialects on one engine: each client connects to its own endpoint (ports, dialect, label), and one window
 * reaches all of them from the same engine step, each in its own dialect, each frame stamped per connection.
 */
describe("endpoints: dialects, labels, fan-out and send stamps on one engine", () => {
  let sim: Sim;
  let trader: Trader;
  let ticker: string;
  let yesToken: string;
  let noToken: string;
  beforeAll(async () => {
    sim = await quietSim({ endpoints: [{ label: "peer", kalshi: "legacy", polymarket: "peer" }] });
    await sim.openEndpoint({ label: "old", kalshi: "current", polymarket: "legacy" });
    trader = newTrader(sim);
    const m = sim.control.markets().games[0]?.kalshi.markets[0];
    if (m?.polymarket === undefined) throw new Error("no twin");
    ticker = m.ticker;
    yesToken = m.polymarket.yesTokenId;
    noToken = m.polymarket.noTokenId;
    sim.control.setKalshiBook(ticker, { yes: [[4000, 10_000]], no: [[5500, 10_000]] });
    sim.control.setPolymarketBook(yesToken, { bids: [[4000, 10_000]], asks: [[4600, 10_000]] });
  });
  afterAll(() => sim.close());

  async function kalshiSub(url: string): Promise<WsClient> {
    const c = await WsClient.connect(sim, trader, undefined, url);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["orderbook_delta"], market_tickers: [ticker] } });
    await c.next((f) => f.type === "orderbook_snapshot");
    return c;
  }
  async function polySub(url: string): Promise<PolyWs> {
    const c = await PolyWs.open(url);
    c.send({ assets_ids: [yesToken, noToken], type: "market" });
    await waitFor(() => c.raw.length > 0);
    return c;
  }

  it("serves the peer dialects beside the current ones and labels every record", async () => {
    const peer = sim.urls.endpoints["peer"];
    if (peer === undefined) throw new Error("no peer endpoint");
    const [kCur, kOld, pCur, pPeer, pOld] = await Promise.all([
      kalshiSub(sim.urls.kalshi.ws),
      kalshiSub(peer.kalshi.ws),
      polySub(sim.urls.polymarket.wsMarket),
      polySub(peer.polymarket.wsMarket),
      polySub(sim.urls.endpoints["old"]?.polymarket.wsMarket ?? ""),
    ]);
    // Snapshots: legacy integer cents for the peer's Kalshi socket; books always in an array for the peer dialect.
    const snapLegacy = kOld.frames.find((f) => f.type === "orderbook_snapshot");
    expect(snapLegacy.msg.yes).toEqual([[40, 100]]);
    expect(snapLegacy.msg.yes_dollars_fp).toBeUndefined();
    expect(Array.isArray(JSON.parse(pPeer.raw[0] ?? "null"))).toBe(true);
    const start = { k: [kCur, kOld].map((c) => c.raw.length), p: [pCur, pPeer, pOld].map((c) => c.raw.length) };

    const w = sim.control.injectArb({ kind: "kalshi_yes_poly_no", ticker, edgeBps: 300, sizeHundredths: 2000, durationMs: 60_000 });
    await waitFor(
      () =>
        kCur.raw.length > start.k[0]! &&
        kOld.raw.length > start.k[1]! &&
        pCur.raw.length > start.p[0]! &&
        pPeer.raw.length > start.p[1]! &&
        pOld.raw.length > start.p[2]!,
    );
    await new Promise((r) => setTimeout(r, 50));
    const fresh = (c: { raw: string[] }, from: number): Json[] => c.raw.slice(from).map((t) => JSON.parse(t));

    // Kalshi: the same level change in fixed point and in legacy integer cents.
    const cur = fresh(kCur, start.k[0]!).filter((f) => f.type === "orderbook_delta");
    const old = fresh(kOld, start.k[1]!).filter((f) => f.type === "orderbook_delta");
    expect(cur.length).toBeGreaterThan(0);
    expect(old.map((f) => [f.msg.side, f.msg.price, f.msg.delta])).toEqual(
      cur.map((f) => [f.msg.side, Math.round(Number(f.msg.price_dollars) * 100), Math.trunc(Number(f.msg.delta_fp))]),
    );
    expect(old.every((f) => f.msg.delta_fp === undefined && Number.isInteger(f.msg.price))).toBe(true);

    // Polymarket: one event per message, flat price_change {asset_id, price, size, side} at the top level.
    const peerEvents = fresh(pPeer, start.p[1]!);
    expect(peerEvents.every((e) => !Array.isArray(e) || e.every((b: Json) => b.event_type === "book"))).toBe(true);
    const flat = peerEvents.filter((e) => !Array.isArray(e) && e.event_type === "price_change");
    expect(flat.length).toBeGreaterThan(0);
    for (const e of flat) {
      expect(e.price_changes).toBeUndefined();
      expect(e.changes).toBeUndefined();
      expect([yesToken, noToken]).toContain(e.asset_id);
      expect(["BUY", "SELL"]).toContain(e.side);
    }
    // The window's NO leg is the NO token's ask at the window price, in every dialect.
    const noAsk = (w.legs[1].askUnits / 10_000).toString();
    expect(flat.some((e) => e.asset_id === noToken && e.side === "SELL" && Number(e.price) === Number(noAsk) && Number(e.size) > 0)).toBe(true);
    const current = fresh(pCur, start.p[0]!)
      .flatMap((e) => (Array.isArray(e) ? e : [e]))
      .filter((e) => e.event_type === "price_change");
    expect(current.every((e) => Array.isArray(e.price_changes))).toBe(true);
    const legacy = fresh(pOld, start.p[2]!)
      .flatMap((e) => (Array.isArray(e) ? e : [e]))
      .filter((e) => e.event_type === "price_change");
    expect(legacy.every((e) => Array.isArray(e.changes))).toBe(true);

    // The event log: every record names a client; the window's frames carry its step and each endpoint's label.
    const records = sim.control.events() as readonly LogRecord[];
    expect(records.every((r) => typeof r.client === "string" && r.client !== "")).toBe(true);
    const opened = records.find((r) => r.kind === "arb.window-opened" && (r["window"] as { windowId: string }).windowId === w.windowId);
    const stepFrames = records.filter((r) => r.kind === "frame.sent" && r["step"] === opened?.["step"]);
    expect(new Set(stepFrames.map((r) => `${r["venue"]}:${r.client}`))).toEqual(
      new Set(["kalshi:default", "kalshi:peer", "polymarket:default", "polymarket:peer", "polymarket:old"]),
    );
    expect(stepFrames.find((r) => r.client === "peer" && r["venue"] === "kalshi")?.["dialect"]).toBe("legacy");
    // Stamps are monotonic nanoseconds, in send order.
    const ts = stepFrames.map((r) => BigInt(r.ts));
    for (let i = 1; i < ts.length; i++) expect(ts[i]! >= ts[i - 1]!).toBe(true);
    for (const c of [kCur, kOld, pCur, pPeer, pOld]) c.close();
  });

  it("shuffles the fan-out: no connection gets every step first", async () => {
    const peer = sim.urls.endpoints["peer"];
    if (peer === undefined) throw new Error("no peer endpoint");
    const a = await polySub(sim.urls.polymarket.wsMarket);
    const b = await polySub(peer.polymarket.wsMarket);
    const firsts = new Map<string, number>();
    for (let i = 0; i < 24; i++) {
      sim.control.setPolymarketBook(yesToken, { bids: [[4000 - (i % 5) * 100, 10_000 + i * 100]], asks: [[4600, 10_000]] });
    }
    await new Promise((r) => setTimeout(r, 100));
    const records = sim.control.events() as readonly LogRecord[];
    const byStep = new Map<number, string>();
    for (const r of records) {
      if (r.kind !== "frame.sent" || r["venue"] !== "polymarket" || typeof r["step"] !== "number") continue;
      if (!byStep.has(r["step"] as number)) byStep.set(r["step"] as number, r.client);
    }
    for (const first of [...byStep.values()].slice(-24)) firsts.set(first, (firsts.get(first) ?? 0) + 1);
    expect(firsts.get("default") ?? 0).toBeGreaterThan(2);
    expect(firsts.get("peer") ?? 0).toBeGreaterThan(2);
    a.close();
    b.close();
  });

  it("refuses a second endpoint under a taken label and a dialect it does not speak", async () => {
    await expect(sim.openEndpoint({ label: "peer" })).rejects.toThrow(/exists/);
    const r = await fetch(`${sim.urls.admin}/endpoints`, { method: "POST", body: JSON.stringify({ label: "x", polymarket: "ancient" }) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toMatch(/polymarket/);
    const ok = await fetch(`${sim.urls.admin}/endpoints`, { method: "POST", body: JSON.stringify({ label: "late", kalshi: "legacy" }) });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { kalshi: { ws: string } }).kalshi.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/trade-api\/ws\/v2$/);
  });
});
