import { type Hex, hashTypedData, recoverTypedDataAddress } from "viem";
import { z } from "zod";
import type { PolyOrderRequest, PolyOrderType, TokenIndex } from "../exchange/polymarket.js";
import type { PolymarketExchange } from "../exchange/polymarket.js";
import type { PolymarketApiKey, PolymarketWallet } from "../runtime/accounts.js";
import { CHAIN_ID } from "./auth.js";
import { price, shares } from "./format.js";

/** CTF Exchange V2 on Polygon (venues.md §2.4): the verifying contract by market. */
export const EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B";
export const NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59";

/** The V2 Order struct's 11 signed fields, in the contract's order. */
export const ORDER_TYPES = {
  Order: [
    { name: "salt", type: "uint256" },
    { name: "maker", type: "address" },
    { name: "signer", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "makerAmount", type: "uint256" },
    { name: "takerAmount", type: "uint256" },
    { name: "side", type: "uint8" },
    { name: "signatureType", type: "uint8" },
    { name: "timestamp", type: "uint256" },
    { name: "metadata", type: "bytes32" },
    { name: "builder", type: "bytes32" },
  ],
} as const;

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const uint = z.string().regex(/^\d{1,30}$/);

/** Wire format (POST /order, each element of POST /orders): {"order":{…11 signed fields, expiration, signature},"owner","orderType","postOnly","deferExec"}. */
const OrderBody = z.object({
  order: z.object({
    salt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    maker: address,
    signer: address,
    tokenId: z.string().regex(/^\d{1,78}$/),
    makerAmount: uint,
    takerAmount: uint,
    side: z.enum(["BUY", "SELL"]),
    signatureType: z.number().int().min(0).max(3),
    timestamp: uint,
    expiration: uint,
    metadata: bytes32,
    builder: bytes32,
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
  }),
  owner: z.string().min(1),
  orderType: z.enum(["GTC", "GTD", "FOK", "FAK"]),
  postOnly: z.boolean().default(false),
  deferExec: z.boolean().default(false),
});
export type OrderBody = z.infer<typeof OrderBody>;

/** Fields only a V1 order carries: such a body is from a client that has not moved to CLOB V2. */
const V1_FIELDS = ["nonce", "feeRateBps", "taker"];

/** Decimals of the computed amount per tick (clob-client-v2 roundingConfig). */
const AMOUNT_DP: Readonly<Record<number, number>> = { 1000: 3, 100: 4, 50: 5, 25: 6, 10: 5, 1: 6 };

export type Checked =
  | { readonly ok: true; readonly request: PolyOrderRequest; readonly wallet: PolymarketWallet }
  | { readonly ok: false; readonly error: string };

const fail = (error: string): Checked => ({ ok: false, error });

/** The order's EIP-712 digest under the market's exchange: the venue's order id. */
function orderDigest(o: OrderBody["order"], negRisk: boolean): Hex {
  return hashTypedData(typedData(o, negRisk));
}

function typedData(o: OrderBody["order"], negRisk: boolean) {
  return {
    domain: { name: "Polymarket CTF Exchange", version: "2", chainId: CHAIN_ID, verifyingContract: (negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2) as Hex },
    types: ORDER_TYPES,
    primaryType: "Order" as const,
    message: {
      salt: BigInt(o.salt),
      maker: o.maker as Hex,
      signer: o.signer as Hex,
      tokenId: BigInt(o.tokenId),
      makerAmount: BigInt(o.makerAmount),
      takerAmount: BigInt(o.takerAmount),
      side: o.side === "BUY" ? 0 : 1,
      signatureType: o.signatureType,
      timestamp: BigInt(o.timestamp),
      metadata: o.metadata as Hex,
      builder: o.builder as Hex,
    },
  };
}

const MAX_AMOUNT = 10n ** 15n;

/**
 * Price and size from the signed amounts, under the SDK's rounding rules: a limit order (and any SELL) has whole
 * hundredths of shares and pUSD = shares × price exactly; a market BUY spends whole cents for shares with at most
 * the tick's amount decimals, its worst price the quotient. Size is floored to the book's hundredths.
 */
function priceAndSize(
  o: OrderBody["order"],
  orderType: PolyOrderType,
  tickUnits: number,
): { priceUnits: number; sizeHundredths: number; onUnitGrid: boolean } | undefined {
  const maker = BigInt(o.makerAmount);
  const taker = BigInt(o.takerAmount);
  if (maker === 0n || taker === 0n || maker > MAX_AMOUNT || taker > MAX_AMOUNT) return undefined;
  const usd = o.side === "BUY" ? maker : taker;
  const base = o.side === "BUY" ? taker : maker;
  const marketBuy = o.side === "BUY" && (orderType === "FOK" || orderType === "FAK");
  if (marketBuy) {
    const dp = BigInt(AMOUNT_DP[tickUnits] ?? 6);
    if (usd % 10_000n !== 0n || base % 10n ** (6n - dp) !== 0n) return undefined;
    const units = Number((usd * 10_000n * 2n + base) / (base * 2n));
    return { priceUnits: units, sizeHundredths: Number(base / 10_000n), onUnitGrid: true };
  }
  if (base % 10_000n !== 0n) return undefined;
  const hundredths = base / 10_000n;
  return { priceUnits: Number(usd / hundredths), sizeHundredths: Number(hundredths), onUnitGrid: usd % hundredths === 0n };
}

/**
 * Everything the venue checks before an order reaches the book, with its error texts: payload, API-key owner and
 * signer, maker/funder, the EIP-712 V2 signature against the market's exchange, tick and size rules, expiration.
 */
export async function checkOrder(
  raw: unknown,
  creds: PolymarketApiKey,
  wallet: PolymarketWallet | undefined,
  ex: PolymarketExchange,
  nowMs: number,
): Promise<Checked> {
  const order = typeof raw === "object" && raw !== null ? (raw as { order?: unknown }).order : undefined;
  if (typeof order === "object" && order !== null && V1_FIELDS.some((f) => f in order)) return fail("order_version_mismatch");
  const parsed = OrderBody.safeParse(raw);
  if (!parsed.success) return fail("Invalid order payload");
  const body = parsed.data;
  const o = body.order;
  if (body.owner !== creds.key) return fail("the order owner has to be the owner of the API KEY");
  if (o.signer.toLowerCase() !== creds.address) return fail("the order signer address has to be the address of the API KEY");
  if (wallet === undefined) return fail("the order signer address has to be the address of the API KEY");
  if (body.postOnly && (body.orderType === "FOK" || body.orderType === "FAK")) return fail("Invalid order payload");
  const found = ex.marketOfToken(o.tokenId);
  if (found === undefined) return fail("Invalid order payload");
  const { market, tokenIndex } = found;
  const id = orderDigest(o, market.negRisk);
  if (o.signatureType !== wallet.signatureType || o.maker.toLowerCase() !== wallet.funder.toLowerCase()) {
    return fail(`order ${id} is invalid. The maker ${o.maker} and signature type ${o.signatureType} do not match the signer's wallet`);
  }
  let recovered: string;
  try {
    recovered = await recoverTypedDataAddress({ ...typedData(o, market.negRisk), signature: o.signature as Hex });
  } catch {
    return fail("invalid signature");
  }
  if (recovered.toLowerCase() !== o.signer.toLowerCase()) return fail("invalid signature");
  const ps = priceAndSize(o, body.orderType, market.tickUnits);
  if (ps === undefined) return fail(`order ${id} is invalid. The amounts break the rounding rules of tick size ${price(market.tickUnits)}`);
  const { priceUnits, sizeHundredths } = ps;
  if (!ps.onUnitGrid || priceUnits % market.tickUnits !== 0 || priceUnits < market.tickUnits || priceUnits > 10_000 - market.tickUnits) {
    return fail(`order ${id} is invalid. Price (${price(priceUnits)}) breaks minimum tick size rule: ${price(market.tickUnits)}`);
  }
  if (sizeHundredths < market.minOrderHundredths)
    return fail(`order ${id} is invalid. Size (${shares(sizeHundredths)}) lower than the minimum: ${shares(market.minOrderHundredths)}`);
  const expirationSec = Number(o.expiration);
  if (body.orderType === "GTD" ? expirationSec * 1000 < nowMs + 60_000 : expirationSec !== 0) {
    return fail(`order ${id} is invalid. Expiration ${o.expiration} is not allowed for ${body.orderType} orders`);
  }
  return {
    ok: true,
    wallet,
    request: {
      orderId: id,
      accountId: creds.address,
      owner: creds.key,
      conditionId: market.conditionId,
      tokenIndex: tokenIndex satisfies TokenIndex,
      side: o.side,
      priceUnits,
      sizeHundredths,
      orderType: body.orderType,
      postOnly: body.postOnly,
      expirationSec,
    },
  };
}
