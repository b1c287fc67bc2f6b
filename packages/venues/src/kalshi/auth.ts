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

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } as const;

/** RSA-PSS / SHA-256 / MGF1-SHA-256, salt = digest length, standard base64 (venues.md §1.2). */
export function signKalshi(key: KeyObject, tsMs: number, method: string, path: string): string {
  return sign("sha256", Buffer.from(signingMessage(tsMs, method, path)), { key, ...PSS }).toString("base64");
}

/** The same signature computed on libuv's thread pool, off the event loop. */
function signKalshiAsync(key: KeyObject, tsMs: number, method: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    sign("sha256", Buffer.from(signingMessage(tsMs, method, path)), { key, ...PSS }, (err, sig) =>
      err === null ? resolve(sig.toString("base64")) : reject(err),
    );
  });
}

export interface KalshiSigner {
  readonly keyId: string;
  headers(method: string, path: string, tsMs: number): Record<string, string>;
  /**
   * Keeps a signature of (method, path) at most `maxAgeMs` old ready, re-signed every `refreshMs` off the event loop,
   * so `headers` for it costs a lookup instead of an RSA signature (~0.5 ms) on the order path. Kalshi signs
   * timestamp + method + path only, never the body, so one signature serves every order sent within its age.
   */
  keepFresh(method: string, path: string, refreshMs: number, maxAgeMs: number): void;
  /** Stops every `keepFresh` refresh. */
  close(): void;
}

interface Fresh {
  tsMs: number;
  headers: Record<string, string> | undefined;
  readonly maxAgeMs: number;
  readonly timer: NodeJS.Timeout;
}

export function createKalshiSigner(keyId: string, key: KeyObject, now: () => number = Date.now): KalshiSigner {
  const fresh = new Map<string, Fresh>();
  const headersOf = (tsMs: number, signature: string) => ({ [HEADER_KEY]: keyId, [HEADER_TIMESTAMP]: String(tsMs), [HEADER_SIGNATURE]: signature });
  return {
    keyId,
    headers(method, path, tsMs) {
      const f = fresh.get(`${method} ${path}`);
      if (f?.headers !== undefined && tsMs - f.tsMs <= f.maxAgeMs && f.tsMs <= tsMs) return f.headers;
      return headersOf(tsMs, signKalshi(key, tsMs, method, path));
    },
    keepFresh(method, path, refreshMs, maxAgeMs) {
      const id = `${method} ${path}`;
      if (fresh.has(id)) return;
      const refresh = () => {
        const tsMs = now();
        signKalshiAsync(key, tsMs, method, path).then(
          (sig) => {
            const f = fresh.get(id);
            if (f !== undefined && tsMs > f.tsMs) {
              f.tsMs = tsMs;
              f.headers = headersOf(tsMs, sig);
            }
          },
          // A failed background signature only means the order path signs for itself, which reports the error.
          () => undefined,
        );
      };
      const timer = setInterval(refresh, refreshMs);
      timer.unref();
      fresh.set(id, { tsMs: 0, headers: undefined, maxAgeMs, timer });
      refresh();
    },
    close() {
      for (const f of fresh.values()) clearInterval(f.timer);
      fresh.clear();
    },
  };
}
