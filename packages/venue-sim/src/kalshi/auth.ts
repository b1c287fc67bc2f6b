import { type KeyObject, constants, verify } from "node:crypto";

export interface AuthHeaders {
  readonly key: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

export type AuthCheck<K> = { readonly ok: true; readonly key: K } | { readonly ok: false; readonly details: string };

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function authHeaders(h: Record<string, string | string[] | undefined>): AuthHeaders {
  return {
    key: header(h, "kalshi-access-key"),
    timestamp: header(h, "kalshi-access-timestamp"),
    signature: header(h, "kalshi-access-signature"),
  };
}

/**
 * Kalshi request signing (docs "API Keys"): RSA-PSS, SHA-256, MGF1-SHA-256, salt = digest length, base64,
 * over `timestamp_ms + METHOD + path` where the path starts at /trade-api and has no query string.
 */
export function checkSignature<K extends { readonly publicKey: KeyObject }>(
  h: AuthHeaders,
  method: string,
  pathWithoutQuery: string,
  lookup: (keyId: string) => K | undefined,
  nowMs: number,
  skewMs: number,
): AuthCheck<K> {
  if (h.key === undefined || h.timestamp === undefined || h.signature === undefined) return { ok: false, details: "MISSING_AUTH_HEADERS" };
  const key = lookup(h.key);
  if (key === undefined) return { ok: false, details: "INCORRECT_API_KEY" };
  if (!/^\d{1,16}$/.test(h.timestamp)) return { ok: false, details: "INVALID_TIMESTAMP" };
  if (Math.abs(nowMs - Number(h.timestamp)) > skewMs) return { ok: false, details: "TIMESTAMP_OUT_OF_RANGE" };
  const signature = Buffer.from(h.signature, "base64");
  const message = Buffer.from(h.timestamp + method.toUpperCase() + pathWithoutQuery);
  const valid = verify(
    "sha256",
    message,
    { key: key.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
    signature,
  );
  return valid ? { ok: true, key } : { ok: false, details: "INCORRECT_API_KEY_SIGNATURE" };
}
