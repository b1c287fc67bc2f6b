import type { Address, Hex } from "viem";
import type { OrderAmounts, OrderSide } from "./amounts.js";
import { bytesToHex } from "./hex.js";
import { orderDigester } from "./order-hash.js";

/** CTF Exchange V2 on Polygon (venues.md §2.4; clob-client-v2 config.ts). V1 addresses and domain "1" are dead. */
export const EXCHANGE_V2: Address = "0xE111180000d2663C0091e4f400237545B87B996B";
export const NEG_RISK_EXCHANGE_V2: Address = "0xe2222d279d744050d28e00520010520000310F59";
/** ExchangeV3: markets Gamma marks version "v2" ("Polymarket Protocol V2"), same struct, domain "3", no neg-risk split. */
export const EXCHANGE_V3: Address = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa";
export const ZERO_BYTES32: Hex = "0x0000000000000000000000000000000000000000000000000000000000000000";

/** The 11 signed fields, in the contract's order (expiration is sent but not signed in V2). */
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

/** 0 EOA (maker = signer), 1 POLY_PROXY and 2 POLY_GNOSIS_SAFE (maker = the funder, signer = the EOA). */
export type SignatureType = 0 | 1 | 2;
export type PolymarketOrderType = "GTC" | "GTD" | "FOK" | "FAK";

export interface OrderV2 {
  readonly salt: bigint;
  readonly maker: Address;
  readonly signer: Address;
  readonly tokenId: bigint;
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  readonly side: OrderSide;
  readonly signatureType: SignatureType;
  /** Creation time in ms (signed). */
  readonly timestamp: bigint;
  readonly metadata: Hex;
  readonly builder: Hex;
  /** Unix seconds, 0 = none; sent in the body, not signed. */
  readonly expiration: bigint;
}

export interface SignedOrderV2 extends OrderV2 {
  readonly signature: Hex;
}

export interface OrderParties {
  readonly signer: Address;
  readonly signatureType: SignatureType;
  /** Required for signature types 1 and 2. */
  readonly funder?: Address | undefined;
}

/**
 * Assembles the order from computed amounts. Pure: the salt (random, ≤ 2^53 because the body sends it as a JSON
 * number) and the clock come from the caller.
 */
export function buildOrderV2(parties: OrderParties, tokenId: string, amounts: OrderAmounts, salt: number, timestampMs: number, expirationSec = 0): OrderV2 {
  if (!Number.isSafeInteger(salt) || salt < 0) throw new RangeError(`salt must be a safe non-negative integer, got ${salt}`);
  if (parties.signatureType !== 0 && parties.funder === undefined) throw new RangeError("signature types 1 and 2 need a funder address");
  return {
    salt: BigInt(salt),
    maker: parties.signatureType === 0 ? parties.signer : (parties.funder as Address),
    signer: parties.signer,
    tokenId: BigInt(tokenId),
    makerAmount: amounts.makerAmount,
    takerAmount: amounts.takerAmount,
    side: amounts.side,
    signatureType: parties.signatureType,
    timestamp: BigInt(timestampMs),
    metadata: ZERO_BYTES32,
    builder: ZERO_BYTES32,
    expiration: BigInt(expirationSec),
  };
}

/** What GET /version answers: 2 = CTF Exchange V2 (domain "2"), 3 = ExchangeV3 (domain "3"). V1 is rejected. */
export type OrderVersion = 2 | 3;

export function orderDomain(chainId: number, negRisk: boolean, version: OrderVersion = 2) {
  const verifyingContract = version === 3 ? EXCHANGE_V3 : negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2;
  return { name: "Polymarket CTF Exchange", version: String(version), chainId, verifyingContract } as const;
}

/** The order as EIP-712 typed data (viem's form): what wallets and the tests' oracle, viem's hashTypedData, read. */
export function orderTypedData(order: OrderV2, chainId: number, negRisk: boolean, version: OrderVersion = 2) {
  return {
    domain: orderDomain(chainId, negRisk, version),
    types: ORDER_TYPES,
    primaryType: "Order" as const,
    message: {
      salt: order.salt,
      maker: order.maker,
      signer: order.signer,
      tokenId: order.tokenId,
      makerAmount: order.makerAmount,
      takerAmount: order.takerAmount,
      side: order.side === "BUY" ? 0 : 1,
      signatureType: order.signatureType,
      timestamp: order.timestamp,
      metadata: order.metadata,
      builder: order.builder,
    },
  };
}

/**
 * The EIP-712 digest, which the CLOB uses as the order id: known before the POST, so early fills can be matched.
 * It is also what `OrderSigner.sign` signs, so an order is hashed once (specialised encoder, `order-hash.ts`).
 */
export function orderDigestV2(order: OrderV2, chainId: number, negRisk: boolean, version: OrderVersion = 2): Uint8Array {
  return orderDigester(orderDomain(chainId, negRisk, version)).digest(order);
}

/** `orderDigestV2` as 0x-hex: the order id. */
export function hashOrderV2(order: OrderV2, chainId: number, negRisk: boolean, version: OrderVersion = 2): Hex {
  return bytesToHex(orderDigestV2(order, chainId, negRisk, version));
}

/** Wire format: {"order":{…,"salt":<number>,"side":"BUY","signatureType":<number>,…},"owner","orderType","postOnly","deferExec"}. */
export interface PolymarketOrderBody {
  readonly order: {
    readonly salt: number;
    readonly maker: string;
    readonly signer: string;
    readonly tokenId: string;
    readonly makerAmount: string;
    readonly takerAmount: string;
    readonly side: OrderSide;
    readonly signatureType: SignatureType;
    readonly timestamp: string;
    readonly expiration: string;
    readonly metadata: string;
    readonly builder: string;
    readonly signature: string;
  };
  readonly owner: string;
  readonly orderType: PolymarketOrderType;
  readonly postOnly: boolean;
  readonly deferExec: boolean;
}

/** The POST /order body; `owner` is the API key. postOnly is refused with FOK/FAK, as the SDK does. */
export function orderBody(o: SignedOrderV2, owner: string, orderType: PolymarketOrderType, postOnly = false): PolymarketOrderBody {
  if (postOnly && (orderType === "FOK" || orderType === "FAK")) throw new RangeError("postOnly is not allowed with FOK/FAK");
  return {
    order: {
      salt: Number(o.salt),
      maker: o.maker,
      signer: o.signer,
      tokenId: o.tokenId.toString(),
      makerAmount: o.makerAmount.toString(),
      takerAmount: o.takerAmount.toString(),
      side: o.side,
      signatureType: o.signatureType,
      timestamp: o.timestamp.toString(),
      expiration: o.expiration.toString(),
      metadata: o.metadata,
      builder: o.builder,
      signature: o.signature,
    },
    owner,
    orderType,
    postOnly,
    deferExec: false,
  };
}
