import { createHmac, randomBytes } from "node:crypto";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import WebSocket from "ws";
import { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2, type Sim } from "../src/index.js";
import { ORDER_TYPES } from "../src/polymarket/order.js";
import type { Json } from "./helpers.js";

/** A funded throwaway wallet with API credentials created over L1, signing like the venue's SDK. */
export interface PolyTrader {
  readonly account: PrivateKeyAccount;
  readonly creds: { apiKey: string; secret: string; passphrase: string };
}

const ZERO32 = `0x${"00".repeat(32)}` as const;

export async function l1Headers(account: PrivateKeyAccount, tsSec: number, nonce = 0): Promise<Record<string, string>> {
  const signature = await account.signTypedData({
    domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
    types: {
      ClobAuth: [
        { name: "address", type: "address" },
        { name: "timestamp", type: "string" },
        { name: "nonce", type: "uint256" },
        { name: "message", type: "string" },
      ],
    },
    primaryType: "ClobAuth",
    message: { address: account.address, timestamp: String(tsSec), nonce: BigInt(nonce), message: "This message attests that I control the given wallet" },
  });
  return { POLY_ADDRESS: account.address, POLY_SIGNATURE: signature, POLY_TIMESTAMP: String(tsSec), POLY_NONCE: String(nonce) };
}

export function l2Headers(
  t: PolyTrader,
  method: string,
  path: string,
  body = "",
  tsSec = Math.floor(Date.now() / 1000),
  secret = t.creds.secret,
): Record<string, string> {
  const sig = createHmac("sha256", Buffer.from(secret, "base64url"))
    .update(`${tsSec}${method}${path}${body}`)
    .digest("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return {
    POLY_ADDRESS: t.account.address,
    POLY_SIGNATURE: sig,
    POLY_TIMESTAMP: String(tsSec),
    POLY_API_KEY: t.creds.apiKey,
    POLY_PASSPHRASE: t.creds.passphrase,
  };
}

export async function newPolyTrader(sim: Sim, balanceMicros = 1_000_000_000): Promise<PolyTrader> {
  const account = privateKeyToAccount(`0x${randomBytes(32).toString("hex")}`);
  sim.control.createPolymarketAccount({ address: account.address, balanceMicros });
  const res = await fetch(`${sim.urls.polymarket.clob}/auth/api-key`, { method: "POST", headers: await l1Headers(account, Math.floor(Date.now() / 1000)) });
  if (res.status !== 200) throw new Error(`api key: ${res.status}`);
  return { account, creds: (await res.json()) as PolyTrader["creds"] };
}

/** A REST call; L2-signed when a trader is given. */
export async function clob(
  sim: Sim,
  t: PolyTrader | undefined,
  method: string,
  pathWithQuery: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const path = pathWithQuery.split("?")[0] ?? "";
  const headers = t === undefined ? {} : l2Headers(t, method, path, text);
  const res = await fetch(sim.urls.polymarket.clob + pathWithQuery, { method, headers, ...(text === "" ? {} : { body: text }) });
  const out = await res.text();
  return { status: res.status, json: out === "" ? undefined : JSON.parse(out) };
}

export interface OrderSpec {
  readonly tokenId: string;
  readonly side: "BUY" | "SELL";
  /** Signed amounts in 6-decimal base units. */
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  readonly negRisk?: boolean;
  readonly orderType?: "GTC" | "GTD" | "FOK" | "FAK";
  readonly expiration?: string;
}

/** Limit amounts: `hundredths` shares at `units` (pUSD = shares × price, exact). */
export function limit(tokenId: string, side: "BUY" | "SELL", units: number, hundredths: number, extra: Partial<OrderSpec> = {}): OrderSpec {
  const usd = BigInt(units * hundredths);
  const shares = BigInt(hundredths * 10_000);
  return side === "BUY"
    ? { tokenId, side, makerAmount: usd, takerAmount: shares, ...extra }
    : { tokenId, side, makerAmount: shares, takerAmount: usd, ...extra };
}

let salt = 1;
/** A V2 order body signed with EIP-712 (domain "Polymarket CTF Exchange" v2, chain 137) by `signer` (default the trader). */
export async function signedOrder(t: PolyTrader, o: OrderSpec, signer: PrivateKeyAccount = t.account): Promise<Record<string, unknown>> {
  salt += 1;
  const message = {
    salt: BigInt(salt),
    maker: t.account.address,
    signer: t.account.address,
    tokenId: BigInt(o.tokenId),
    makerAmount: o.makerAmount,
    takerAmount: o.takerAmount,
    side: o.side === "BUY" ? 0 : 1,
    signatureType: 0,
    timestamp: BigInt(Date.now()),
    metadata: ZERO32,
    builder: ZERO32,
  } as const;
  const signature = await signer.signTypedData({
    domain: { name: "Polymarket CTF Exchange", version: "2", chainId: 137, verifyingContract: o.negRisk === true ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2 },
    types: ORDER_TYPES,
    primaryType: "Order",
    message,
  });
  return {
    order: {
      salt,
      maker: message.maker,
      signer: message.signer,
      tokenId: o.tokenId,
      makerAmount: String(o.makerAmount),
      takerAmount: String(o.takerAmount),
      side: o.side,
      signatureType: 0,
      timestamp: String(message.timestamp),
      expiration: o.expiration ?? "0",
      metadata: ZERO32,
      builder: ZERO32,
      signature,
    },
    owner: t.creds.apiKey,
    orderType: o.orderType ?? "GTC",
    postOnly: false,
    deferExec: false,
  };
}

export async function postOrder(sim: Sim, t: PolyTrader, o: OrderSpec): Promise<{ status: number; json: Json }> {
  return clob(sim, t, "POST", "/order", await signedOrder(t, o));
}

/** A market or user channel socket that keeps every text frame. */
export class PolyWs {
  readonly raw: string[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (d) => this.raw.push(String(d)));
  }
  static open(url: string): Promise<PolyWs> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const c = new PolyWs(ws);
      ws.once("open", () => resolve(c));
      ws.once("error", reject);
    });
  }
  /** Every JSON event received so far, arrays flattened. */
  events(): Json[] {
    return this.raw.flatMap((r) => {
      try {
        const v = JSON.parse(r);
        return Array.isArray(v) ? v : [v];
      } catch {
        return [];
      }
    });
  }
  send(v: unknown): void {
    this.ws.send(typeof v === "string" ? v : JSON.stringify(v));
  }
  close(): void {
    this.ws.terminate();
  }
}

/** A quiet simulator with a neg-risk (EPL) game and two NBA games and no generated makers. */
export function polyScenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "poly-test",
    seed: 3,
    startMs: 1795626000000,
    games: { count: 3, leagues: ["NBA", "EPL"] },
    marketMakers: { enabled: false },
    ...extra,
    polymarket: { minedMs: 100, confirmedMs: 200, ...((extra["polymarket"] as Record<string, unknown> | undefined) ?? {}) },
  };
}

export function polyMarkets(sim: Sim): { neg: { conditionId: string; yes: string; no: string }; plain: { conditionId: string; yes: string; no: string } } {
  const games = sim.control.markets().games;
  const pick = (neg: boolean) => {
    const m = games.find((g) => g.polymarket.negRisk === neg)?.polymarket.markets[0];
    if (m === undefined) throw new Error("no market");
    return { conditionId: m.conditionId, yes: m.outcomes[0]?.tokenId ?? "", no: m.outcomes[1]?.tokenId ?? "" };
  };
  return { neg: pick(true), plain: pick(false) };
}
