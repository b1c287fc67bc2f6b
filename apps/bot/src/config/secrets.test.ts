import { generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./load.js";
import { SecretError, describeSecrets, missingAlertCredentials, missingLiveCredentials, readKeyFile, readSecrets } from "./secrets.js";

const dir = mkdtempSync(join(tmpdir(), "bot-secrets-"));
const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function keyFile(name: string, text: string, mode: number): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

describe("key files", () => {
  it("reads an owner-only file", () => {
    expect(readKeyFile(keyFile("ok.pem", pem, 0o600))).toContain("PRIVATE KEY");
  });

  it("refuses a group- or world-readable file", () => {
    expect(() => readKeyFile(keyFile("group.pem", pem, 0o640))).toThrow(SecretError);
    expect(() => readKeyFile(keyFile("world.pem", pem, 0o604))).toThrow(/chmod 600/);
  });
});

describe("live credentials", () => {
  const kalshiPath = keyFile("k.pem", pem, 0o600);
  const polyPath = keyFile("p.key", `0x${randomBytes(32).toString("hex")}`, 0o600);

  it("lists everything missing when nothing is given", () => {
    expect(missingLiveCredentials(readSecrets({ env: {} }))).toHaveLength(2);
  });

  it("requires the Polymarket API creds with the key", () => {
    const s = readSecrets({ env: { ARB_KALSHI_KEY_ID: "kid", ARB_KALSHI_PRIVATE_KEY_PATH: kalshiPath, ARB_POLYMARKET_PRIVATE_KEY_PATH: polyPath } });
    expect(missingLiveCredentials(s)).toEqual(["Polymarket: ARB_POLYMARKET_API_KEY, ARB_POLYMARKET_API_SECRET and ARB_POLYMARKET_API_PASSPHRASE"]);
  });

  it("accepts a complete, well-formed set and never shows a value", () => {
    const env = {
      ARB_KALSHI_KEY_ID: "kid-1234",
      ARB_KALSHI_PRIVATE_KEY_PATH: kalshiPath,
      ARB_POLYMARKET_PRIVATE_KEY_PATH: polyPath,
      ARB_POLYMARKET_API_KEY: "k",
      ARB_POLYMARKET_API_SECRET: "s3cr3t",
      ARB_POLYMARKET_API_PASSPHRASE: "pp",
    };
    const s = readSecrets({ env });
    expect(missingLiveCredentials(s)).toEqual([]);
    const shown = JSON.stringify(describeSecrets(s));
    expect(shown).not.toContain("s3cr3t");
    expect(shown).not.toContain("PRIVATE");
  });

  it("rejects a Kalshi key that is not a private key", () => {
    const bad = keyFile("bad.pem", "not a key", 0o600);
    const s = readSecrets({ env: { ARB_KALSHI_KEY_ID: "kid", ARB_KALSHI_PRIVATE_KEY_PATH: bad } });
    expect(missingLiveCredentials(s)[0]).toMatch(/not a PEM private key/);
  });
});

describe("alert credentials", () => {
  const telegram = parseConfig({ alerts: { format: "telegram", telegramChatId: "-100" } });
  if (!telegram.ok) throw new Error(telegram.problems.join());

  it("takes the Telegram bot token from ARB_TELEGRAM_BOT_TOKEN only, ready to spread into the alert sink, and never shows it", () => {
    const s = readSecrets({ env: { ARB_TELEGRAM_BOT_TOKEN: "123:tok-en" } });
    expect(s.alerts).toEqual({ telegramBotToken: "123:tok-en" });
    expect(missingAlertCredentials(telegram.config.alerts, s)).toEqual([]);
    expect(describeSecrets(s).telegramBotToken).toBe("[redacted]");
    expect(JSON.stringify(describeSecrets(s))).not.toContain("tok-en");
  });

  it("names the variable when format telegram has no token", () => {
    expect(missingAlertCredentials(telegram.config.alerts, readSecrets({ env: {} }))).toEqual([expect.stringContaining("ARB_TELEGRAM_BOT_TOKEN")]);
  });
});
