import { randomBytes } from "node:crypto";
import { fixtureJson } from "@arb/venue-fixtures";
import { pino } from "pino";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hashTypedData, recoverTypedDataAddress } from "viem/utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PolymarketConfig } from "../../src/polymarket/config.js";
import { PolymarketExec } from "../../src/polymarket/exec.js";
import { PolymarketClob } from "../../src/polymarket/http.js";
import { MarketRegistry } from "../../src/polymarket/markets.js";
import { type OrderV2, type OrderVersion, orderTypedData } from "../../src/polymarket/sign.js";
import { PolyOrderRequest } from "../../src/polymarket/wire.js";
import { type FixturePeer, json, startFixturePeer } from "./fixture-peer.js";

const YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
const NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
const MARKET = "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1";
const matched = fixtureJson<Record<string, unknown>>("polymarket", "rest", "order.response.matched_order.docs.json");
const KEY = "f4f247b7-4ac7-ff29-a152-04fda0a8755a";
const intent = {
  clientOrderId: "c-1",
  market: MARKET,
  outcome: "yes" as const,
  action: "buy" as const,
  priceUnits: 4500,
  sizeHundredths: 1000,
  timeInForce: "fill_or_kill" as const,
};

let peer: FixturePeer;
beforeEach(async () => {
  peer = await startFixturePeer();
});
afterEach(async () => {
  await peer.close();
});

const randomKey = (): Hex => `0x${randomBytes(32).toString("hex")}`;

function configOf(privateKey: Hex): PolymarketConfig {
  const creds = { key: KEY, secret: randomBytes(32).toString("base64url"), passphrase: "p" };
  return PolymarketConfig.parse({
    urls: { clob: peer.http, gamma: peer.http, wsMarket: peer.wsMarket, wsUser: peer.wsUser },
    privateKey,
    creds,
    retry: { attempts: 1, baseMs: 5, maxMs: 20 },
  });
}

function client() {
  const privateKey = randomKey();
  const account = privateKeyToAccount(privateKey);
  const config = configOf(privateKey);
  const registry = new MarketRegistry();
  registry.add({ conditionId: MARKET, yesTokenId: YES, noTokenId: NO, tick: "0.01", negRisk: true, feeRatePpm: 0, feeExponent: 0, minOrderHundredths: 0 });
  const exec = new PolymarketExec({ config, clob: new PolymarketClob({ config, account }), account, registry, logger: pino({ level: "silent" }) });
  return { exec, account, chainId: config.chainId };
}

/** The posted order as the CLOB reads it (viem as the oracle): its digest is the order id, its signature the account's. */
async function digestOf(body: string, chainId: number, version: OrderVersion, signer: string): Promise<string> {
  const o = PolyOrderRequest.parse(JSON.parse(body)).order;
  const order: OrderV2 = {
    salt: BigInt(o.salt),
    maker: o.maker as Hex,
    signer: o.signer as Hex,
    tokenId: BigInt(o.tokenId),
    makerAmount: o.makerAmount,
    takerAmount: o.takerAmount,
    side: o.side,
    signatureType: o.signatureType as 0 | 1 | 2,
    timestamp: BigInt(o.timestamp),
    metadata: o.metadata as Hex,
    builder: o.builder as Hex,
    expiration: BigInt(o.expiration),
  };
  expect(await recoverTypedDataAddress({ ...orderTypedData(order, chainId, true, version), signature: o.signature as Hex })).toBe(signer);
  return hashTypedData(orderTypedData(order, chainId, true, version));
}

describe("staged Polymarket orders (fixture peer: the simulator never answers order_version_mismatch to a V2 order)", () => {
  it("stages without I/O under the id the CLOB will give the order; an unloaded market is refused before anything is sent", async () => {
    const { exec, account, chainId } = client();
    const bodies: string[] = [];
    peer.route("POST", "/order", (_r, body, res) => {
      bodies.push(body);
      json(res, 200, { ...matched, orderID: "" });
    });
    try {
      expect(exec.stageOrder({ ...intent, market: "0xunknown" })).toMatchObject({ ok: false, error: { code: "POLYMARKET_NOT_PREPARED", outcome: "rejected" } });
      const staged = exec.stageOrder(intent);
      if (!staged.ok) throw new Error(staged.error.message);
      expect(peer.hits.size).toBe(0);
      expect(exec.ownOrder(staged.value.orderId)).toBe("c-1");
      const ack = await exec.sendStaged(staged.value);
      expect(bodies).toHaveLength(1);
      expect(await digestOf(bodies[0] as string, chainId, 2, account.address)).toBe(staged.value.orderId);
      expect(ack).toMatchObject({ ok: true, value: { orderId: staged.value.orderId, clientOrderId: "c-1" } });
    } finally {
      await exec.close();
    }
  });

  it("stages the order signed, its body ready: the send posts exactly that body and signs nothing", async () => {
    const { exec, account, chainId } = client();
    const bodies: string[] = [];
    peer.route("POST", "/order", (_r, body, res) => {
      bodies.push(body);
      json(res, 200, { ...matched, orderID: "" });
    });
    try {
      const staged = exec.stageOrder(intent);
      if (!staged.ok) throw new Error(staged.error.message);
      const { body, order, orderId } = staged.value;
      expect(body.order.signature).toBe(order.signature);
      expect(await recoverTypedDataAddress({ ...orderTypedData(order, chainId, true, 2), signature: order.signature })).toBe(account.address);
      expect(hashTypedData(orderTypedData(order, chainId, true, 2))).toBe(orderId);
      await exec.sendStaged(staged.value);
      expect(bodies).toEqual([JSON.stringify(body)]);
    } finally {
      await exec.close();
    }
  });

  it("warms the whole order path on synthetic orders, sending and remembering none of them", async () => {
    const { exec } = client();
    try {
      expect(exec.warmOrderPath(96)).toBe(96);
      expect(peer.hits.size).toBe(0);
      expect(await exec.findOrder("warm-up", "warm-up")).toMatchObject({ ok: false, error: { code: "POLYMARKET_ORDER_UNTRACEABLE" } });
      const staged = exec.stageOrder(intent);
      expect(staged.ok && staged.value.version).toBe(2);
    } finally {
      await exec.close();
    }
  });

  it("refuses to start without the account's own private key in the config", async () => {
    const account = privateKeyToAccount(randomKey());
    const other = configOf(randomKey());
    const { privateKey: _, ...keyless } = other;
    const logger = pino({ level: "silent" });
    const clobs = [new PolymarketClob({ config: other, account }), new PolymarketClob({ config: keyless, account })];
    try {
      expect(() => new PolymarketExec({ config: other, clob: clobs[0] as PolymarketClob, account, logger })).toThrow(/not the account's key/);
      expect(() => new PolymarketExec({ config: keyless, clob: clobs[1] as PolymarketClob, account, logger })).toThrow(/privateKey/);
    } finally {
      await Promise.all(clobs.map((c) => c.close()));
    }
  });

  it("order_version_mismatch: the re-signed order's new id is announced before that order is sent", async () => {
    const { exec, account, chainId } = client();
    let version: OrderVersion = 2;
    const bodies: string[] = [];
    const announced: Array<{ id: string; postsBefore: number }> = [];
    peer.route("GET", "/version", (_r, _b, res) => json(res, 200, { version }));
    peer.route("POST", "/order", async (_r, body, res) => {
      bodies.push(body);
      if (bodies.length === 1) {
        version = 3;
        return json(res, 400, { error: "order_version_mismatch" });
      }
      json(res, 200, { ...matched, orderID: await digestOf(body, chainId, 3, account.address) });
    });
    try {
      const staged = exec.stageOrder(intent);
      if (!staged.ok) throw new Error(staged.error.message);
      const ack = await exec.sendStaged(staged.value, (id) => announced.push({ id, postsBefore: bodies.length }));
      expect(await digestOf(bodies[0] as string, chainId, 2, account.address)).toBe(staged.value.orderId);
      const replacement = announced[0]?.id;
      expect(announced).toEqual([{ id: replacement, postsBefore: 1 }]);
      expect(replacement).not.toBe(staged.value.orderId);
      expect(ack).toMatchObject({ ok: true, value: { orderId: replacement, clientOrderId: "c-1" } });
      expect(exec.ownOrder(replacement ?? "")).toBe("c-1");
    } finally {
      await exec.close();
    }
  });

  it("a FOK or FAK killed unfilled, answered 200 with success=false, is an unfilled order under its staged id; a real refusal stays an error", async () => {
    const { exec } = client();
    const answers = [
      { success: false, errorMsg: "order couldn't be fully filled. FOK orders are fully filled or killed.", orderID: "", status: "" },
      {
        success: false,
        errorMsg: "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.",
        orderID: "",
        status: "",
      },
      { success: false, errorMsg: "not enough balance / allowance", orderID: "", status: "" },
    ];
    peer.route("POST", "/order", (_r, _b, res) => json(res, 200, answers.shift()));
    try {
      for (const timeInForce of ["fill_or_kill", "immediate_or_cancel"] as const) {
        const staged = exec.stageOrder({ ...intent, timeInForce });
        if (!staged.ok) throw new Error(staged.error.message);
        expect(await exec.sendStaged(staged.value), timeInForce).toMatchObject({
          ok: true,
          value: { orderId: staged.value.orderId, clientOrderId: "c-1", filledHundredths: 0, remainingHundredths: 0 },
        });
      }
      const broke = exec.stageOrder(intent);
      if (!broke.ok) throw new Error(broke.error.message);
      expect(await exec.sendStaged(broke.value)).toMatchObject({ ok: false, error: { code: "POLYMARKET_INSUFFICIENT_BALANCE", outcome: "rejected" } });
    } finally {
      await exec.close();
    }
  });

  it("finds an order by its id: through its trades when /data/order no longer serves it (matched at once), absent only on a 404 with no trade", async () => {
    const { exec } = client();
    const filled = `0x${"11".repeat(32)}`;
    const absent = `0x${"22".repeat(32)}`;
    // The docs' trade example, re-addressed: our FOK took 10 YES at 0.57 from someone else's order.
    const doc = fixtureJson<{ maker_orders: Array<Record<string, unknown>> }>("polymarket", "ws", "asyncapi-user_trade.json");
    const trade = {
      ...doc,
      taker_order_id: filled,
      market: MARKET,
      asset_id: YES,
      owner: KEY,
      maker_orders: doc.maker_orders.map((m) => ({ ...m, owner: "someone-else", asset_id: YES })),
    };
    peer.route("GET", "/data/order/*", (req, _b, res) => ((req.url ?? "").endsWith(filled) ? json(res, 200, null) : json(res, 404, { error: "not found" })));
    peer.route("GET", "/data/trades", (_r, _b, res) => json(res, 200, { data: [trade], next_cursor: "LTE=" }));
    try {
      expect(await exec.findOrderById(MARKET, "c-9", filled)).toEqual({
        ok: true,
        value: {
          orderId: filled,
          clientOrderId: "c-9",
          market: MARKET,
          outcome: "yes",
          status: "executed",
          yesPriceUnits: 5700,
          initialHundredths: 1000,
          filledHundredths: 1000,
          remainingHundredths: 0,
        },
      });
      const fills = await exec.fillsOf(filled);
      expect(fills.ok && fills.value.map((f) => [f.orderId, f.clientOrderId, f.sizeHundredths, f.isTaker])).toEqual([[filled, "c-9", 1000, true]]);
      expect(await exec.findOrderById(MARKET, "c-10", absent)).toEqual({ ok: true, value: undefined });
    } finally {
      await exec.close();
    }
  });
});
