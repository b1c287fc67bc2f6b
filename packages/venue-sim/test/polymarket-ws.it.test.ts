import { fixtureFiles, fixtureJson } from "@arb/venue-fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { type Sim, parseScenario, startSim } from "../src/index.js";
import { type Json, waitFor } from "./helpers.js";
import { PolyWs, clob, limit, newPolyTrader, polyMarkets, polyScenario, postOrder } from "./polymarket-helpers.js";
import { Book, LegacyPriceChange, MarketEvent, PriceChange, UserEvent, UserOrder, UserTrade } from "./polymarket-ws-schemas.js";

const fixture = (f: string): unknown => fixtureJson("polymarket", "ws", f);

describe("the Polymarket WS schemas mirror the venue's own examples", () => {
  const files = fixtureFiles("polymarket", "ws").filter((f) => !f.includes("_cmd_") && !f.includes("new_market"));
  it.each(files)("%s parses", (file) => {
    const schema = file.includes("-user_") ? UserEvent : MarketEvent;
    expect(schema.safeParse(fixture(file)).error).toBeUndefined();
  });
  it("the legacy flat price_change does not pass for the current one", () => {
    const legacy = {
      event_type: "price_change",
      asset_id: "1",
      market: "0x1",
      changes: [{ price: "0.5", side: "BUY", size: "10" }],
      hash: "h",
      timestamp: "1",
    };
    expect(LegacyPriceChange.safeParse(legacy).success).toBe(true);
    expect(PriceChange.safeParse(legacy).success).toBe(false);
  });
});

let sim: Sim;
const sockets: PolyWs[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
});
const open = async (url: string): Promise<PolyWs> => {
  const s = await PolyWs.open(url);
  sockets.push(s);
  return s;
};

describe("market channel", () => {
  it("sends books on subscribe, then price_change / last_trade_price / best_bid_ask, and books again after a trade, in the venue's shapes; PING → PONG", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario()) });
    const { plain } = polyMarkets(sim);
    sim.control.setPolymarketBook(plain.yes, { bids: [[4000, 1000]], asks: [[4200, 700]] });
    const ws = await open(sim.urls.polymarket.wsMarket);
    ws.send({ assets_ids: [plain.yes, plain.no], type: "market", custom_feature_enabled: true });
    await waitFor(() => ws.events().filter((e) => e.event_type === "book").length === 2);
    expect(Array.isArray(JSON.parse(ws.raw[0] as string))).toBe(true);
    const noBook = Book.parse(ws.events().find((e) => e.asset_id === plain.no));
    expect(noBook.bids).toEqual([{ price: "0.58", size: "7" }]);
    expect(noBook.asks).toEqual([{ price: "0.6", size: "10" }]);
    ws.send("PING");
    await waitFor(() => ws.raw.includes("PONG"));

    const t = await newPolyTrader(sim);
    expect((await postOrder(sim, t, { ...limit(plain.yes, "BUY", 4200, 500), orderType: "FOK" })).json.status).toBe("matched");
    await waitFor(() => ws.events().some((e) => e.event_type === "last_trade_price"));
    const frames = ws.events().filter((e) => e.event_type !== "book");
    for (const f of frames) expect(MarketEvent.safeParse(f).error).toBeUndefined();
    const change = frames.find((e: Json) => e.event_type === "price_change");
    expect(change.price_changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ asset_id: plain.yes, side: "SELL", price: "0.42", size: "2", best_bid: "0.4", best_ask: "0.42" }),
        expect.objectContaining({ asset_id: plain.no, side: "BUY", price: "0.58", size: "2", best_bid: "0.58", best_ask: "0.6" }),
      ]),
    );
    expect(frames.find((e: Json) => e.event_type === "last_trade_price" && e.asset_id === plain.yes)).toMatchObject({
      price: "0.42",
      size: "5",
      side: "BUY",
      fee_rate_bps: "500",
    });
    const rest = await clob(sim, undefined, "GET", `/book?token_id=${plain.yes}`);
    expect(rest.json.asks).toEqual([{ price: "0.42", size: "2" }]);
    // After a trade the venue also sends the full book of each token it touched, as the changes left it.
    await waitFor(() => ws.events().filter((e) => e.event_type === "book").length === 4);
    const after = ws
      .events()
      .filter((e) => e.event_type === "book")
      .slice(2)
      .map((e) => Book.parse(e));
    expect(after.find((b) => b.asset_id === plain.yes)?.asks).toEqual([{ price: "0.42", size: "2" }]);
    expect(after.find((b) => b.asset_id === plain.no)?.bids).toEqual([{ price: "0.58", size: "2" }]);

    ws.send({ operation: "unsubscribe", assets_ids: [plain.no] });
    ws.send("PING");
    await waitFor(() => ws.raw.filter((r) => r === "PONG").length === 2);
    const before = ws.raw.length;
    await postOrder(sim, t, limit(plain.yes, "BUY", 3000, 500));
    await waitFor(() => ws.raw.length > before);
    const single = JSON.parse(ws.raw.at(-1) as string);
    expect(single.event_type).toBe("price_change");
    expect(single.price_changes.map((c: Json) => c.asset_id)).toEqual([plain.yes]);
  });

  it("sends tick_size_change, drops garbage on request, and a legacy server sends the flat price_change", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario()), polymarketFlavor: "legacy" });
    const { plain } = polyMarkets(sim);
    const ws = await open(sim.urls.polymarket.wsMarket);
    ws.send({ assets_ids: [plain.yes, plain.no], type: "market" });
    await waitFor(() => ws.events().filter((e) => e.event_type === "book").length === 2);
    const t = await newPolyTrader(sim);
    await postOrder(sim, t, limit(plain.no, "BUY", 5000, 500));
    await waitFor(() => ws.events().some((e) => e.event_type === "price_change"));
    const changes = ws.events().filter((e) => e.event_type === "price_change");
    for (const c of changes) expect(LegacyPriceChange.safeParse(c).error).toBeUndefined();
    expect(changes.map((c) => c.asset_id).sort()).toEqual([plain.yes, plain.no].sort());
    sim.control.setPolymarketTick(plain.conditionId, { tickUnits: 10 });
    await waitFor(() => ws.events().filter((e) => e.event_type === "tick_size_change").length === 2);
    expect(ws.events().find((e) => e.event_type === "tick_size_change")).toMatchObject({ old_tick_size: "0.01", new_tick_size: "0.001" });
    sim.control.sendMalformed("polymarket", 2);
    await waitFor(() => ws.raw.some((r) => r.startsWith('{"event_type":"price_change","market":"0x') && !r.endsWith("}")));
  });

  it("a silenced server keeps the socket open but answers nothing, not even PING", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario()) });
    const ws = await open(sim.urls.polymarket.wsMarket);
    let pongs = 0;
    ws.ws.on("pong", () => {
      pongs += 1;
    });
    ws.ws.ping();
    ws.send("PING");
    await waitFor(() => pongs === 1 && ws.raw.includes("PONG"));
    sim.control.silence("polymarket", true);
    ws.ws.ping();
    ws.send("PING");
    ws.send("PING");
    await waitFor(() => sim.control.events().filter((e) => e.kind === "frame.suppressed").length === 3);
    sim.control.silence("polymarket", false);
    ws.send("PING");
    await waitFor(() => ws.raw.filter((r) => r === "PONG").length === 2);
    expect(pongs).toBe(1);
    expect(ws.ws.readyState).toBe(ws.ws.OPEN);
  });
});

describe("user channel", () => {
  it("authenticates in the subscribe message and reports order PLACEMENT / UPDATE / CANCELLATION and trade MATCHED → MINED → CONFIRMED", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario()) });
    const { plain, neg } = polyMarkets(sim);
    const maker = await newPolyTrader(sim);
    const taker = await newPolyTrader(sim);
    const bad = await open(sim.urls.polymarket.wsUser);
    const closed = new Promise<number>((r) => bad.ws.once("close", (code) => r(code)));
    bad.send({ auth: { ...maker.creds, secret: "nope" }, markets: [], type: "user" });
    expect(await closed).toBe(1008);
    const ws = await open(sim.urls.polymarket.wsUser);
    ws.send({ auth: maker.creds, markets: [plain.conditionId], type: "user" });
    ws.send("PING");
    await waitFor(() => ws.raw.includes("PONG"));
    const placed = await postOrder(sim, maker, limit(plain.yes, "SELL", 5500, 1000));
    expect(placed.json.error).toBe("not enough balance / allowance");
    const resting = await postOrder(sim, maker, limit(plain.no, "BUY", 4500, 1000));
    expect(resting.json).toMatchObject({ success: true, status: "live" });
    await postOrder(sim, maker, { ...limit(neg.yes, "BUY", 2000, 500), negRisk: true });
    await postOrder(sim, taker, { ...limit(plain.yes, "BUY", 5500, 600), orderType: "FAK" });
    await waitFor(() => ws.events().some((e) => e.event_type === "trade" && e.status === "CONFIRMED"));
    expect((await clob(sim, maker, "DELETE", "/order", { orderID: resting.json.orderID })).json).toEqual({
      canceled: [resting.json.orderID],
      not_canceled: {},
    });
    await waitFor(() => ws.events().some((e) => e.type === "CANCELLATION"));
    const events = ws.events();
    for (const e of events) expect(UserEvent.safeParse(e).error).toBeUndefined();
    // The simulator sends the fuller (AsyncAPI) shape: every optional field of the mirror is there.
    expect(Object.keys(events.find((e) => e.event_type === "order")).sort()).toEqual(Object.keys(UserOrder.shape).sort());
    expect(Object.keys(events.find((e) => e.event_type === "trade")).sort()).toEqual(Object.keys(UserTrade.shape).sort());
    expect(events.filter((e) => e.event_type === "order").map((e) => [e.type, e.size_matched, e.status])).toEqual([
      ["PLACEMENT", "0", "LIVE"],
      ["UPDATE", "6", "LIVE"],
      ["CANCELLATION", "6", "CANCELED"],
    ]);
    expect(events.every((e) => e.market === plain.conditionId)).toBe(true);
    const trades = events.filter((e) => e.event_type === "trade").map((e) => UserTrade.parse(e));
    expect(trades.map((e) => e.status)).toEqual(["MATCHED", "MINED", "CONFIRMED"]);
    expect(trades[0]).toMatchObject({ side: "BUY", asset_id: plain.yes, price: "0.55", size: "6", trader_side: "MAKER", owner: taker.creds.apiKey });
    expect(trades[0]?.maker_orders).toEqual([
      expect.objectContaining({
        order_id: resting.json.orderID,
        owner: maker.creds.apiKey,
        side: "BUY",
        asset_id: plain.no,
        price: "0.45",
        matched_amount: "6",
      }),
    ]);
    expect(UserOrder.safeParse(events[0]).success).toBe(true);
  });

  it("the sports delay answers 'delayed', then matches, or reports 'unmatched' when nothing is left", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario({ polymarket: { sportsDelayMs: 400 } })) });
    const { plain } = polyMarkets(sim);
    sim.control.setPolymarketBook(plain.yes, { bids: [], asks: [[4200, 500]] });
    const a = await newPolyTrader(sim);
    const b = await newPolyTrader(sim);
    const ws = await open(sim.urls.polymarket.wsUser);
    ws.send({ auth: b.creds, type: "user" });
    ws.send("PING");
    await waitFor(() => ws.raw.includes("PONG"));
    const first = await postOrder(sim, a, { ...limit(plain.yes, "BUY", 4200, 500), orderType: "FOK" });
    const second = await postOrder(sim, b, { ...limit(plain.yes, "BUY", 4200, 500), orderType: "FOK" });
    expect([first.json.status, second.json.status]).toEqual(["delayed", "delayed"]);
    expect((await postOrder(sim, b, limit(plain.yes, "BUY", 1000, 500))).json.status).toBe("live");
    await waitFor(() => ws.events().some((e) => e.type === "CANCELLATION"), 5000);
    expect((await clob(sim, a, "GET", `/data/order/${first.json.orderID}`)).json).toMatchObject({ status: "MATCHED", size_matched: "5" });
    expect((await clob(sim, b, "GET", `/data/order/${second.json.orderID}`)).json).toMatchObject({ status: "UNMATCHED", size_matched: "0" });
    expect(ws.events().find((e) => e.id === second.json.orderID && e.type === "CANCELLATION")).toMatchObject({ status: "UNMATCHED" });
  });
});
