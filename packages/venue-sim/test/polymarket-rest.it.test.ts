import { fixtureJson } from "@arb/venue-fixtures";
import { polymarketOrderFeeMicros } from "@arb/domain";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sim, parseScenario, startSim } from "../src/index.js";
import { type PolyTrader, clob, l1Headers, l2Headers, limit, newPolyTrader, polyMarkets, polyScenario, postOrder, signedOrder } from "./polymarket-helpers.js";

const ERRORS = fixtureJson<Record<string, { error: string }>>("polymarket", "rest", "order.response.400_examples.docs.json");
const LIVE = fixtureJson<Record<string, unknown>>("polymarket", "rest", "order.response.live_order.docs.json");

let sim: Sim;
let t: PolyTrader;
beforeEach(async () => {
  sim = await startSim({ scenario: parseScenario(polyScenario()) });
  t = await newPolyTrader(sim);
});
afterEach(() => sim.close());

describe("Polymarket CLOB REST", () => {
  it("records every order on arrival, and why one was refused", async () => {
    const { plain } = polyMarkets(sim);
    sim.control.setPolymarketBook(plain.yes, { bids: [[4000, 10_000]], asks: [[4500, 10_000]] });
    expect((await postOrder(sim, t, limit(plain.yes, "BUY", 4500, 100, { orderType: "FAK" }))).status).toBe(400);
    expect((await postOrder(sim, t, limit(plain.yes, "BUY", 4500, 1000, { orderType: "FAK" }))).status).toBe(200);
    const records = sim.control.events();
    const received = records.filter((r) => r.kind === "order.received");
    expect(received.map((r) => [r["market"], r["tokenId"], r["side"], r["orderType"]])).toEqual([
      [plain.conditionId, plain.yes, "BUY", "FAK"],
      [plain.conditionId, plain.yes, "BUY", "FAK"],
    ]);
    const refused = records.filter((r) => r.kind === "order.refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]?.["request"]).toBe(received[0]?.["request"]);
    expect(String(refused[0]?.["error"])).toMatch(/lower than the minimum/);
    const arrival = records.find((r) => r.kind === "request.received" && r["request"] === received[0]?.["request"]);
    expect(arrival?.["path"]).toBe("/order");
  });

  it("answers the public reads: /ok, /time, /version 2, /book, /books, /tick-size, /neg-risk, /clob-markets with fd", async () => {
    const { plain, neg } = polyMarkets(sim);
    expect((await clob(sim, undefined, "GET", "/ok")).json).toBe("OK");
    expect(Math.abs((await clob(sim, undefined, "GET", "/time")).json - Date.now() / 1000)).toBeLessThan(5);
    expect((await clob(sim, undefined, "GET", "/version")).json).toEqual({ version: 2 });
    expect((await clob(sim, undefined, "GET", `/tick-size?token_id=${plain.yes}`)).json).toEqual({ minimum_tick_size: 0.01 });
    expect((await clob(sim, undefined, "GET", `/neg-risk?token_id=${neg.no}`)).json).toEqual({ neg_risk: true });
    expect((await clob(sim, undefined, "GET", "/book?token_id=1")).status).toBe(404);
    const m = (await clob(sim, undefined, "GET", `/clob-markets/${plain.conditionId}`)).json;
    expect(m).toMatchObject({
      c: plain.conditionId,
      t: [{ t: plain.yes }, { t: plain.no }],
      mts: 0.01,
      nr: false,
      fd: { r: 0.05, e: 1, to: true },
      mos: 5,
      ao: true,
    });
    sim.control.setPolymarketBook(plain.no, {
      bids: [
        [3000, 100],
        [3100, 200],
      ],
      asks: [[3500, 300]],
    });
    const [yes, no] = (await clob(sim, undefined, "POST", "/books", [{ token_id: plain.yes }, { token_id: plain.no }])).json;
    expect(no).toMatchObject({
      bids: [
        { price: "0.3", size: "1" },
        { price: "0.31", size: "2" },
      ],
      asks: [{ price: "0.35", size: "3" }],
      tick_size: "0.01",
      min_order_size: "5",
      neg_risk: false,
    });
    expect(yes).toMatchObject({
      bids: [{ price: "0.65", size: "3" }],
      asks: [
        { price: "0.7", size: "1" },
        { price: "0.69", size: "2" },
      ],
    });
  });

  it("L1 creates then derives the same key; refuses a bad signature; L2 refuses a wrong secret, a stale time, a changed body", async () => {
    const again = await fetch(`${sim.urls.polymarket.clob}/auth/derive-api-key`, { headers: await l1Headers(t.account, Math.floor(Date.now() / 1000)) });
    expect(await again.json()).toEqual(t.creds);
    const twice = await fetch(`${sim.urls.polymarket.clob}/auth/api-key`, {
      method: "POST",
      headers: await l1Headers(t.account, Math.floor(Date.now() / 1000)),
    });
    expect(twice.status).toBe(400);
    const forged = { ...(await l1Headers(privateKeyToAccount(`0x${"11".repeat(32)}`), Math.floor(Date.now() / 1000))), POLY_ADDRESS: t.account.address };
    expect((await fetch(`${sim.urls.polymarket.clob}/auth/derive-api-key`, { headers: forged })).status).toBe(401);
    const get = (headers: Record<string, string>) => fetch(`${sim.urls.polymarket.clob}/data/orders`, { headers });
    expect((await get(l2Headers(t, "GET", "/data/orders"))).status).toBe(200);
    expect((await get(l2Headers(t, "GET", "/data/orders", "", undefined, Buffer.alloc(32).toString("base64url")))).status).toBe(401);
    const stale = await get(l2Headers(t, "GET", "/data/orders", "", Math.floor(Date.now() / 1000) - 120));
    expect([stale.status, await stale.json()]).toEqual([401, { error: "Unauthorized/Invalid api key" }]);
    const changed = await fetch(`${sim.urls.polymarket.clob}/order`, {
      method: "DELETE",
      headers: l2Headers(t, "DELETE", "/order", '{"orderID":"a"}'),
      body: '{"orderID":"b"}',
    });
    expect(changed.status).toBe(401);
  });

  it("takes a signed V2 order with the venue's answer shape; refuses V1 bodies, foreign owners and signers, bad signatures, ticks and sizes", async () => {
    const { plain, neg } = polyMarkets(sim);
    const live = await postOrder(sim, t, limit(plain.yes, "BUY", 4000, 1000));
    expect(Object.keys(live.json).sort()).toEqual(expect.arrayContaining(Object.keys(LIVE).sort()));
    expect(live.json).toMatchObject({ success: true, errorMsg: "", status: "live", makingAmount: "4000000", takingAmount: "10000000" });
    expect(live.json.orderID).toMatch(/^0x[0-9a-f]{64}$/);
    const body = await signedOrder(t, limit(plain.yes, "BUY", 4000, 1000));
    const v1 = { ...body, order: { ...(body["order"] as object), nonce: "0", feeRateBps: "0", taker: "0x0000000000000000000000000000000000000000" } };
    expect((await clob(sim, t, "POST", "/order", v1)).json).toEqual({ error: "order_version_mismatch" });
    expect((await clob(sim, t, "POST", "/order", { ...body, owner: "someone" })).json).toEqual(ERRORS["owner_mismatch"]);
    const other = await newPolyTrader(sim);
    expect((await clob(sim, t, "POST", "/order", await signedOrder(other, limit(plain.yes, "BUY", 4000, 1000)))).json).toEqual(ERRORS["owner_mismatch"]);
    expect((await clob(sim, t, "POST", "/order", { ...(await signedOrder(other, limit(plain.yes, "BUY", 4000, 1000))), owner: t.creds.apiKey })).json).toEqual(
      ERRORS["signer_mismatch"],
    );
    expect((await clob(sim, t, "POST", "/order", await signedOrder(t, limit(plain.yes, "BUY", 4000, 1000), other.account))).json).toEqual({
      error: "invalid signature",
    });
    expect((await postOrder(sim, t, limit(neg.yes, "BUY", 4000, 1000))).json).toEqual({ error: "invalid signature" });
    expect((await postOrder(sim, t, { ...limit(neg.yes, "BUY", 4000, 1000), negRisk: true })).json.status).toBe("live");
    expect((await postOrder(sim, t, limit(plain.yes, "BUY", 4050, 1000))).json.error).toMatch(
      /^order 0x[0-9a-f]{64} is invalid\. Price \(0\.405\) breaks minimum tick size rule: 0\.01$/,
    );
    expect((await postOrder(sim, t, limit(plain.yes, "BUY", 4000, 499))).json.error).toMatch(/is invalid\. Size \(4\.99\) lower than the minimum: 5$/);
    expect((await clob(sim, t, "POST", "/order", { order: {} })).json).toEqual(ERRORS["invalid_payload"]);
    expect((await postOrder(sim, t, limit(plain.yes, "BUY", 9900, 1_000_000))).json.error).toBe("not enough balance / allowance");
    const batch = (
      await clob(sim, t, "POST", "/orders", [await signedOrder(t, limit(plain.no, "BUY", 3000, 500)), await signedOrder(t, limit(plain.no, "BUY", 3050, 500))])
    ).json;
    expect(batch.map((r: { success: boolean }) => r.success)).toEqual([true, false]);
  });

  it("pages open orders and trades from MA== to LTE=, cancels by id, market and all, and reports balances", async () => {
    const { plain } = polyMarkets(sim);
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push((await postOrder(sim, t, limit(plain.yes, "BUY", 100 + (i % 20) * 100, 500))).json.orderID);
    const first = (await clob(sim, t, "GET", "/data/orders?next_cursor=MA==")).json;
    expect([first.data.length, first.next_cursor]).toEqual([100, Buffer.from("100").toString("base64")]);
    const last = (await clob(sim, t, "GET", `/data/orders?next_cursor=${first.next_cursor}`)).json;
    expect([last.data.length, last.next_cursor]).toEqual([5, "LTE="]);
    expect(first.data[0]).toMatchObject({
      id: ids[0],
      status: "LIVE",
      side: "BUY",
      original_size: "5",
      size_matched: "0",
      price: "0.01",
      outcome: expect.any(String),
      order_type: "GTC",
    });
    expect((await clob(sim, t, "DELETE", "/order", { orderID: ids[0] })).json).toEqual({ canceled: [ids[0]], not_canceled: {} });
    expect((await clob(sim, t, "DELETE", "/orders", [ids[0], ids[1]])).json).toEqual({
      canceled: [ids[1]],
      not_canceled: { [ids[0] as string]: "Order not found or already canceled" },
    });
    expect((await clob(sim, t, "DELETE", "/cancel-market-orders", { asset_id: plain.no })).json.canceled).toEqual([]);
    expect((await clob(sim, t, "DELETE", "/cancel-market-orders", { market: plain.conditionId })).json.canceled).toHaveLength(103);
    expect((await clob(sim, t, "DELETE", "/cancel-all")).json).toEqual({ canceled: [], not_canceled: {} });

    const maker = await newPolyTrader(sim);
    await postOrder(sim, maker, limit(plain.no, "BUY", 5500, 1000));
    const fill = await postOrder(sim, t, { ...limit(plain.yes, "BUY", 4500, 1000), orderType: "FOK" });
    expect(fill.json).toMatchObject({ status: "matched", makingAmount: "4500000", takingAmount: "10000000", tradeIDs: [expect.any(String)] });
    const trades = (await clob(sim, t, "GET", `/data/trades?market=${plain.conditionId}&next_cursor=MA==`)).json;
    expect(trades).toMatchObject({
      next_cursor: "LTE=",
      data: [{ side: "BUY", price: "0.45", size: "10", trader_side: "TAKER", maker_orders: [{ side: "BUY", price: "0.55" }] }],
    });
    const fee = polymarketOrderFeeMicros(1000, 4500, 50_000, 1);
    expect(fee).toBe(123_750);
    expect((await clob(sim, t, "GET", "/balance-allowance?asset_type=COLLATERAL&signature_type=0")).json.balance).toBe(String(1_000_000_000 - 4_500_000 - fee));
    expect((await clob(sim, t, "GET", `/balance-allowance?asset_type=CONDITIONAL&token_id=${plain.yes}`)).json.balance).toBe("10000000");
    expect((await clob(sim, maker, "GET", `/balance-allowance/update?asset_type=CONDITIONAL&token_id=${plain.no}`)).json.balance).toBe("10000000");
  });

  it("answers 429 over a lowered limit (10 reads per 10 s per caller)", async () => {
    const { plain } = polyMarkets(sim);
    sim.control.setRateLimit("polymarket", { readPerSec: 1, writePerSec: 1 });
    const codes = await Promise.all(Array.from({ length: 12 }, async () => (await clob(sim, undefined, "GET", `/book?token_id=${plain.yes}`)).status));
    // The trader's L1 key creation was this caller's first read of the window.
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
    expect((await clob(sim, t, "GET", `/book?token_id=${plain.yes}`)).json).toEqual({ error: "Too Many Requests" });
  });
});
