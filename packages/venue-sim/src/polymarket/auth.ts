import { createHmac, timingSafeEqual } from "node:crypto";
import { type Hex, recoverTypedDataAddress } from "viem";
import type { PolymarketApiKey } from "../runtime/accounts.js";

export const CHAIN_ID = 137;
const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";
const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: "address", type: "address" },
    { name: "timestamp", type: "string" },
    { name: "nonce", type: "uint256" },
    { name: "message", type: "string" },
  ],
} as const;

type Headers = Record<string, string | string[] | undefined>;

function header(h: Headers, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export type AuthResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The venue's 401 text for every L2 failure (the SDK and clients only see "unauthorized"). */
export const UNAUTHORIZED = "Unauthorized/Invalid api key";

const fresh = (tsText: string, nowSec: number, skewSec: number): boolean => /^\d{1,12}$/.test(tsText) && Math.abs(nowSec - Number(tsText)) <= skewSec;

/**
 * L1: an EIP-712 ClobAuth signature (domain ClobAuthDomain v1, chain 137, no verifying contract) over the address,
 * the timestamp string (seconds) and the nonce; the recovered signer must be POLY_ADDRESS.
 */
export async function checkL1(h: Headers, nowSec: number, skewSec: number): Promise<AuthResult<{ address: string; nonce: number }>> {
  const address = header(h, "POLY_ADDRESS");
  const signature = header(h, "POLY_SIGNATURE");
  const ts = header(h, "POLY_TIMESTAMP");
  const nonceText = header(h, "POLY_NONCE") ?? "0";
  if (address === undefined || signature === undefined || ts === undefined) return { ok: false, error: "Invalid L1 Request headers" };
  if (!/^0x[0-9a-fA-F]{40}$/.test(address) || !/^\d{1,18}$/.test(nonceText) || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    return { ok: false, error: "Invalid L1 Request headers" };
  }
  if (!fresh(ts, nowSec, skewSec)) return { ok: false, error: UNAUTHORIZED };
  let signer: string;
  try {
    signer = await recoverTypedDataAddress({
      domain: { name: "ClobAuthDomain", version: "1", chainId: CHAIN_ID },
      types: CLOB_AUTH_TYPES,
      primaryType: "ClobAuth",
      message: { address: address as Hex, timestamp: ts, nonce: BigInt(nonceText), message: CLOB_AUTH_MESSAGE },
      signature: signature as Hex,
    });
  } catch {
    return { ok: false, error: UNAUTHORIZED };
  }
  return signer.toLowerCase() === address.toLowerCase()
    ? { ok: true, value: { address: address.toLowerCase(), nonce: Number(nonceText) } }
    : { ok: false, error: UNAUTHORIZED };
}

/**
 * The credentials an (address, nonce) derives: deterministic per simulator seed, so /auth/derive-api-key returns
 * what /auth/api-key created. The secret is base64url, as the venue's.
 */
export function deriveCreds(seed: number, address: string, nonce: number): PolymarketApiKey {
  const mac = (label: string): Buffer => createHmac("sha256", `venue-sim:${seed}`).update(`${label}:${address.toLowerCase()}:${nonce}`).digest();
  const k = mac("key").toString("hex");
  return {
    key: `${k.slice(0, 8)}-${k.slice(8, 12)}-4${k.slice(13, 16)}-a${k.slice(17, 20)}-${k.slice(20, 32)}`,
    secret: mac("secret").toString("base64url"),
    passphrase: mac("passphrase").toString("hex"),
    address: address.toLowerCase(),
  };
}

/** The L2 signature the venue expects: HMAC-SHA256 of timestamp + METHOD + path + body, URL-safe base64 with padding. */
function l2Signature(secret: string, ts: string, method: string, path: string, body: string): string {
  return createHmac("sha256", Buffer.from(secret, "base64url")).update(`${ts}${method}${path}${body}`).digest("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** L2: API key, passphrase, address and a fresh HMAC over exactly what was sent. */
export function checkL2(
  h: Headers,
  method: string,
  path: string,
  body: string,
  lookup: (key: string) => PolymarketApiKey | undefined,
  nowSec: number,
  skewSec: number,
): AuthResult<PolymarketApiKey> {
  const address = header(h, "POLY_ADDRESS");
  const signature = header(h, "POLY_SIGNATURE");
  const ts = header(h, "POLY_TIMESTAMP");
  const apiKey = header(h, "POLY_API_KEY");
  const passphrase = header(h, "POLY_PASSPHRASE");
  if (address === undefined || signature === undefined || ts === undefined || apiKey === undefined || passphrase === undefined) {
    return { ok: false, error: UNAUTHORIZED };
  }
  const creds = lookup(apiKey);
  if (creds === undefined || creds.passphrase !== passphrase || creds.address !== address.toLowerCase()) return { ok: false, error: UNAUTHORIZED };
  if (!fresh(ts, nowSec, skewSec)) return { ok: false, error: UNAUTHORIZED };
  const expected = Buffer.from(l2Signature(creds.secret, ts, method, path, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true, value: creds } : { ok: false, error: UNAUTHORIZED };
}

/** The user channel authenticates inside its subscribe message with the full credentials. */
export function checkWsAuth(
  auth: { apiKey: string; secret: string; passphrase: string },
  lookup: (key: string) => PolymarketApiKey | undefined,
): PolymarketApiKey | undefined {
  const creds = lookup(auth.apiKey);
  return creds !== undefined && creds.secret === auth.secret && creds.passphrase === auth.passphrase ? creds : undefined;
}
