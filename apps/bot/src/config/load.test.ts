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
    const r = parseConfig({ trading: { minEdgeUnits: 10 } }, { ARB_TRADING__MIN_EDGE_UNITS: "80", ARB_DRY_RUN: "true", ARB_VENUES__KALSHI__PRESET: "demo", ARB_KALSHI_KEY_ID: "ignored-here" });
    expect(r.ok && r.config.trading.minEdgeUnits).toBe(80);
    expect(r.ok && r.config.dryRun).toBe(true);
    expect(r.ok && r.config.venues.kalshi.preset).toBe("demo");
  });

  it("reports a bad env override under the field's path", () => {
    const r = parseConfig({}, { ARB_MODE: "yolo" });
    expect(r.ok ? "" : r.problems.join()).toMatch(/^mode: .*"simulator"/);
  });

  it("maps env names to camel-case paths", () => {
    expect(envOverrides({ ARB_DISCOVERY__MIN_CONFIDENCE: "0.95", HOME: "home-of-the-user" })).toEqual([{ path: ["discovery", "minConfidence"], value: 0.95, name: "ARB_DISCOVERY__MIN_CONFIDENCE" }]);
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
