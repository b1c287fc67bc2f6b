import { type KeyObject, constants, createPrivateKey, sign } from "node:crypto";
import { readFileSync, statSync } from "node:fs";

export const HEADER_KEY = "KALSHI-ACCESS-KEY";
export const HEADER_TIMESTAMP = "KALSHI-ACCESS-TIMESTAMP";
export const HEADER_SIGNATURE = "KALSHI-ACCESS-SIGNATURE";

export type KalshiKeySource = { readonly privateKeyPem: string } | { readonly privateKeyPath: string };

export class KalshiKeyError extends Error {
  readonly code = "KALSHI_KEY_INVALID";
}

/** Loads the RSA private key (PKCS#1 or PKCS#8 PEM). A key file readable by group or others is refused. */
export function loadKalshiKey(source: KalshiKeySource): KeyObject {
  let pem: string;
  if ("privateKeyPath" in source) {
    const mode = statSync(source.privateKeyPath).mode;
    if ((mode & 0o077) !== 0) {
      throw new KalshiKeyError(`refusing key file ${source.privateKeyPath}: mode ${(mode & 0o777).toString(8)} lets others read it (chmod 600)`);
    }
    pem = readFileSync(source.privateKeyPath, "utf8");
  } else {
    pem = source.privateKeyPem;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new KalshiKeyError("the Kalshi private key is not a readable PEM", { cause: err });
  }
  if (key.asymmetricKeyType !== "rsa") throw new KalshiKeyError(`the Kalshi key must be RSA, got ${key.asymmetricKeyType}`);
  return key;
}

/** The string Kalshi signs: timestamp ms + uppercase method + path from /trade-api/..., query removed. */
export function signingMessage(tsMs: number, method: string, path: string): string {
  const q = path.indexOf("?");
  return `${tsMs}${method.toUpperCase()}${q === -1 ? path : path.slice(0, q)}`;
}

/** RSA-PSS / SHA-256 / MGF1-SHA-256, salt = digest length, standard base64 (venues.md §1.2). */
export function signKalshi(key: KeyObject, tsMs: number, method: string, path: string): string {
  return sign("sha256", Buffer.from(signingMessage(tsMs, method, path)), {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  }).toString("base64");
}

export interface KalshiSigner {
  readonly keyId: string;
  headers(method: string, path: string, tsMs: number): Record<string, string>;
}

export function createKalshiSigner(keyId: string, key: KeyObject): KalshiSigner {
  return {
    keyId,
    headers(method, path, tsMs) {
      return {
        [HEADER_KEY]: keyId,
        [HEADER_TIMESTAMP]: String(tsMs),
        [HEADER_SIGNATURE]: signKalshi(key, tsMs, method, path),
      };
    },
  };
}
