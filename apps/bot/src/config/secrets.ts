import { createPrivateKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { Config } from "./schema.js";

/** Credentials never live in the config: env names, or key files only their owner can read. */
export interface Secrets {
  readonly kalshi?: { readonly keyId: string; readonly privateKeyPem: string };
  readonly polymarket?: { readonly privateKey: string; readonly creds?: { readonly key: string; readonly secret: string; readonly passphrase: string } };
  readonly webToken?: string;
  /** Spread as is into the alert sink's options (`createAlertSink({ ...config.alerts, ...secrets.alerts })`). */
  readonly alerts?: { readonly telegramBotToken: string };
}

export class SecretError extends Error {
  readonly code = "SECRET_REFUSED";
}

/** A key file must not be readable by group or others (like ssh refuses such keys). */
export function readKeyFile(path: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new SecretError(`key file ${path} cannot be read`);
  }
  if ((mode & 0o077) !== 0) throw new SecretError(`key file ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  return readFileSync(path, "utf8").trim();
}

export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly kalshiKeyId?: string | undefined;
  readonly kalshiKeyPath?: string | undefined;
  readonly polymarketKeyPath?: string | undefined;
}

/** Gathers whatever credentials are present; completeness is judged by `missingLiveCredentials`. */
export function readSecrets(s: SecretSources): Secrets {
  const env = s.env;
  const kalshiKeyId = env["ARB_KALSHI_KEY_ID"] ?? s.kalshiKeyId;
  const kalshiPath = env["ARB_KALSHI_PRIVATE_KEY_PATH"] ?? s.kalshiKeyPath;
  const polyPath = env["ARB_POLYMARKET_PRIVATE_KEY_PATH"] ?? s.polymarketKeyPath;
  const key = env["ARB_POLYMARKET_API_KEY"];
  const secret = env["ARB_POLYMARKET_API_SECRET"];
  const passphrase = env["ARB_POLYMARKET_API_PASSPHRASE"];
  const webToken = env["ARB_WEB_TOKEN"];
  const telegramBotToken = env["ARB_TELEGRAM_BOT_TOKEN"];
  const kalshiPem = kalshiPath === undefined ? undefined : readKeyFile(kalshiPath);
  const polyKey = polyPath === undefined ? undefined : readKeyFile(polyPath);
  return {
    ...(kalshiKeyId !== undefined && kalshiPem !== undefined && { kalshi: { keyId: kalshiKeyId, privateKeyPem: kalshiPem } }),
    ...(polyKey !== undefined && {
      polymarket: { privateKey: polyKey, ...(key !== undefined && secret !== undefined && passphrase !== undefined && { creds: { key, secret, passphrase } }) },
    }),
    ...(webToken !== undefined && webToken !== "" && { webToken }),
    ...(telegramBotToken !== undefined && telegramBotToken !== "" && { alerts: { telegramBotToken } }),
  };
}

/** What keeps the configured alert webhook from working, if anything: Telegram's token lives in the environment. */
export function missingAlertCredentials(alerts: Config["alerts"], s: Secrets): string[] {
  return alerts.format === "telegram" && s.alerts === undefined
    ? ["alerts.format telegram: set the bot token in ARB_TELEGRAM_BOT_TOKEN (never in the config file)"]
    : [];
}

/** Everything that keeps live trading from starting; empty means complete and well-formed. */
export function missingLiveCredentials(s: Secrets): string[] {
  const missing: string[] = [];
  if (s.kalshi === undefined) missing.push("Kalshi: ARB_KALSHI_KEY_ID and ARB_KALSHI_PRIVATE_KEY_PATH (RSA key, mode 600)");
  else {
    try {
      if (createPrivateKey(s.kalshi.privateKeyPem).asymmetricKeyType !== "rsa") missing.push("Kalshi: the private key is not an RSA key");
    } catch {
      missing.push("Kalshi: the private key file is not a PEM private key");
    }
  }
  if (s.polymarket === undefined) missing.push("Polymarket: ARB_POLYMARKET_PRIVATE_KEY_PATH (a 0x… 32-byte hex key, mode 600)");
  else {
    if (!/^0x[0-9a-fA-F]{64}$/.test(s.polymarket.privateKey)) missing.push("Polymarket: the private key is not a 0x-prefixed 32-byte hex key");
    if (s.polymarket.creds === undefined) missing.push("Polymarket: ARB_POLYMARKET_API_KEY, ARB_POLYMARKET_API_SECRET and ARB_POLYMARKET_API_PASSPHRASE");
  }
  return missing;
}

/** What a log line may say about the secrets: which exist, never their values. */
export function describeSecrets(s: Secrets): Record<string, string> {
  return {
    kalshi: s.kalshi === undefined ? "absent" : `key ${s.kalshi.keyId.slice(0, 4)}… [redacted]`,
    polymarket: s.polymarket === undefined ? "absent" : `[redacted]${s.polymarket.creds === undefined ? " (no API creds)" : ""}`,
    webToken: s.webToken === undefined ? "absent" : "[redacted]",
    telegramBotToken: s.alerts === undefined ? "absent" : "[redacted]",
  };
}
