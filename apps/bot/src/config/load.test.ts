import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, envOverrides, loadConfig, parseConfig } from "./load.js";

describe("parseConfig", () => {
  it("gives simulator defaults with no file and no env", () => {
    const r = parseConfig(undefined);
    expect(r.ok && r.config.mode).toBe("simulator");
    expect(r.ok && r.config.dashboard.web.host).toBe("127.0.0.1");
    expect(r.ok && r.config.discovery.minConfidence).toBe(0.9);
  });

  it("names the path and what was expected for a bad field", () => {
    const r = parseConfig({ trading: { minEdgeUnits: "lots" }, dashboard: { web: { port: 70_000 } } });
    expect(r.ok).toBe(false);
    const text = r.ok ? "" : r.problems.join("\n");
    expect(text).toMatch(/trading\.minEdgeUnits: .*expected number.*\(got "lots"\)/);
    expect(text).toMatch(/dashboard\.web\.port: .*65535/);
  });

  it("refuses unknown keys by name", () => {
    const r = parseConfig({ trading: { maxOrder: 1 } });
    expect(r.ok ? "" : r.problems.join()).toMatch(/trading: .*maxOrder/);
  });

  it("refuses secrets in the file, naming where they sit", () => {
    const r = parseConfig({ venues: { polymarket: { privateKey: "0xabc" } } });
    expect(r.ok ? [] : r.problems).toEqual(["venues.polymarket.privateKey: secrets are read from the environment or key files, never from the config file"]);
  });

  it("applies ARB_ env overrides over the file, nested with __, values as JSON", () => {
    const r = parseConfig(
      { trading: { minEdgeUnits: 10 } },
      { ARB_TRADING__MIN_EDGE_UNITS: "80", ARB_DRY_RUN: "true", ARB_VENUES__KALSHI__PRESET: "demo", ARB_KALSHI_KEY_ID: "ignored-here" },
    );
    expect(r.ok && r.config.trading.minEdgeUnits).toBe(80);
    expect(r.ok && r.config.dryRun).toBe(true);
    expect(r.ok && r.config.venues.kalshi.preset).toBe("demo");
  });

  it("reports a bad env override under the field's path", () => {
    const r = parseConfig({}, { ARB_MODE: "yolo" });
    expect(r.ok ? "" : r.problems.join()).toMatch(/^mode: .*"simulator"/);
  });

  it("reports an infinite or NaN value as what it is, not as null", () => {
    const r = parseConfig({ trading: { minEdgeUnits: Number.NaN } }, { ARB_EXECUTION__RISK__MAX_BOOK_AGE_MS: "1e999", ARB_DASHBOARD__REFRESH_MS: "-1e999" });
    const problems = r.ok ? [] : r.problems;
    expect(problems.find((p) => p.startsWith("execution.risk.maxBookAgeMs:"))).toMatch(/\(got Infinity\)$/);
    expect(problems.find((p) => p.startsWith("dashboard.refreshMs:"))).toMatch(/\(got -Infinity\)$/);
    expect(problems.find((p) => p.startsWith("trading.minEdgeUnits:"))).toMatch(/\(got NaN\)$/);
    expect(problems.join("\n")).not.toContain("null");
  });

  it("names an unknown field of the embedded execution config and what that section takes", () => {
    const r = parseConfig({ execution: { breaker: { coolDownMs: 1 } } });
    expect(r.ok ? [] : r.problems).toEqual([
      'execution.breaker: unknown field "coolDownMs" (expected one of: maxPositionMarketHundredths, maxPositionTotalMicros, maxDailyLossMicros, maxConsecutiveErrors, cooldownMs)',
    ]);
  });

  it("sets the alert webhook from the file or ARB_ALERTS__WEBHOOK_URL, each format with what it needs", () => {
    const none = parseConfig({});
    expect(none.ok && none.config.alerts).toEqual({});
    const hook = "https://hooks.slack.com/services/T000/B000/XXXX";
    const slack = parseConfig({ alerts: { format: "slack", minSeverity: "critical" } }, { ARB_ALERTS__WEBHOOK_URL: hook, ARB_ALERTS__TIMEOUT_MS: "5000" });
    expect(slack.ok && slack.config.alerts).toEqual({ format: "slack", minSeverity: "critical", webhookUrl: hook, timeoutMs: 5000 });
    const tg = parseConfig({ alerts: { format: "telegram", telegramChatId: -1001234567890 } }, { ARB_TELEGRAM_BOT_TOKEN: "1:x" });
    expect(tg.ok && tg.config.alerts).toEqual({ format: "telegram", telegramChatId: "-1001234567890" });
    const bad = [
      [{ format: "discord" }, /^alerts\.webhookUrl: format discord needs the webhook URL/],
      [{ format: "telegram" }, /^alerts\.telegramChatId: format telegram needs the chat id/],
      [{ format: "telegram", telegramChatId: "@arb_alerts", webhookUrl: hook }, /^alerts\.webhookUrl: format telegram posts to the Bot API/],
      [{ telegramChatId: "@arb_alerts" }, /^alerts\.telegramChatId: only used with format telegram/],
      [{ format: "teams" }, /^alerts\.format: .*"json"\|"slack"\|"discord"\|"telegram"/],
    ] as const;
    for (const [alerts, message] of bad) {
      const r = parseConfig({ alerts });
      expect(r.ok ? [] : r.problems, JSON.stringify(alerts)).toEqual([expect.stringMatching(message)]);
    }
  });

  it("never echoes a webhook URL in an error, and refuses a bot token in the file", () => {
    const r = parseConfig({ alerts: { webhookUrl: "hooks.slack.com/services/T000/B000/SECRET" } });
    expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(/^alerts\.webhookUrl: an absolute URL such as https:\/\/host\/path$/)]);
    const t = parseConfig({ alerts: { format: "telegram", telegramChatId: 1, botToken: "1:x" } });
    expect(t.ok ? [] : t.problems).toEqual(["alerts.botToken: secrets are read from the environment or key files, never from the config file"]);
  });

  it("maps env names to camel-case paths", () => {
    expect(envOverrides({ ARB_DISCOVERY__MIN_CONFIDENCE: "0.95", ARB_TELEGRAM_BOT_TOKEN: "1:x", HOME: "home-of-the-user" })).toEqual([
      { path: ["discovery", "minConfidence"], value: 0.95, name: "ARB_DISCOVERY__MIN_CONFIDENCE" },
    ]);
  });
});

describe("loadConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "bot-config-"));

  it("reads YAML and JSON files", () => {
    writeFileSync(join(dir, "a.yaml"), "mode: paper\ntrading:\n  minEdgeUnits: 120\n");
    writeFileSync(join(dir, "b.json"), JSON.stringify({ dryRun: true }));
    expect(loadConfig(join(dir, "a.yaml"), {}).trading.minEdgeUnits).toBe(120);
    expect(loadConfig(join(dir, "b.json"), {}).dryRun).toBe(true);
  });

  it("throws a ConfigError that names the file and the field", () => {
    writeFileSync(join(dir, "bad.yaml"), "discovery:\n  minConfidence: 3\n");
    expect(() => loadConfig(join(dir, "bad.yaml"), {})).toThrow(ConfigError);
    expect(() => loadConfig(join(dir, "bad.yaml"), {})).toThrow(/bad\.yaml: discovery\.minConfidence: .*<=1/);
  });

  it("says when the file is not parseable", () => {
    writeFileSync(join(dir, "broken.json"), "{ nope");
    expect(() => loadConfig(join(dir, "broken.json"), {})).toThrow(/not valid JSON/);
  });
});
