import { createHmac } from "node:crypto";
import type { Address, Hex, LocalAccount } from "viem";
import type { PolymarketCreds } from "./config.js";

/** The fixed attestation the L1 ClobAuth message carries (clob-client-v2 signing/constants.ts). */
export const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";

const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: "address", type: "address" },
    { name: "timestamp", type: "string" },
    { name: "nonce", type: "uint256" },
    { name: "message", type: "string" },
  ],
} as const;

/** L1 typed data: domain ClobAuthDomain v1 with no verifyingContract; the timestamp is a decimal string of seconds. */
export function clobAuthTypedData(address: Address, tsSec: number, nonce: number, chainId: number) {
  return {
    domain: { name: "ClobAuthDomain", version: "1", chainId },
    types: CLOB_AUTH_TYPES,
    primaryType: "ClobAuth" as const,
    message: { address, timestamp: String(tsSec), nonce: BigInt(nonce), message: CLOB_AUTH_MESSAGE },
  };
}

export interface L1Headers {
  readonly POLY_ADDRESS: string;
  readonly POLY_SIGNATURE: string;
  readonly POLY_TIMESTAMP: string;
  readonly POLY_NONCE: string;
}

export interface L2Headers {
  readonly POLY_ADDRESS: string;
  readonly POLY_SIGNATURE: string;
  readonly POLY_TIMESTAMP: string;
  readonly POLY_API_KEY: string;
  readonly POLY_PASSPHRASE: string;
}

/** Headers for /auth/api-key and /auth/derive-api-key: an EIP-712 ClobAuth signature by the EOA. */
export async function createL1Headers(account: LocalAccount, chainId: number, tsSec: number, nonce = 0): Promise<L1Headers> {
  const signature: Hex = await account.signTypedData(clobAuthTypedData(account.address, tsSec, nonce, chainId));
  return { POLY_ADDRESS: account.address, POLY_SIGNATURE: signature, POLY_TIMESTAMP: String(tsSec), POLY_NONCE: String(nonce) };
}

/** The secret is base64url; the SDK maps it to the standard alphabet and re-pads before decoding. */
function secretBytes(secret: string): Buffer {
  const std = secret.replace(/-/g, "+").replace(/_/g, "/");
  return Buffer.from(std + "=".repeat((4 - (std.length % 4)) % 4), "base64");
}

/**
 * L2 signature: HMAC-SHA256 over timestamp + method (as sent, e.g. "POST") + path (query removed) + body, keyed with
 * the decoded secret,
 * as URL-safe base64 that keeps its `=` padding (the venue compares the string as the SDK makes it).
 */
export function computeL2Signature(secret: string, tsSec: number, method: string, path: string, body?: string): string {
  const q = path.indexOf("?");
  const message = `${tsSec}${method}${q === -1 ? path : path.slice(0, q)}${body ?? ""}`;
  return createHmac("sha256", secretBytes(secret)).update(message).digest("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** POLY_ADDRESS is the signing EOA (not the funder), as in the SDK's createL2Headers. */
export function createL2Headers(signer: Address, creds: PolymarketCreds, tsSec: number, method: string, path: string, body?: string): L2Headers {
  return {
    POLY_ADDRESS: signer,
    POLY_SIGNATURE: computeL2Signature(creds.secret, tsSec, method, path, body),
    POLY_TIMESTAMP: String(tsSec),
    POLY_API_KEY: creds.key,
    POLY_PASSPHRASE: creds.passphrase,
  };
}
