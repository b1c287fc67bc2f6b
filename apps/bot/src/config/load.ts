import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { fieldsAt } from "./fields.js";
import { Config, SENSITIVE_KEYS, findSecretKeys } from "./schema.js";

/** Environment names that carry secrets or the config path; every other ARB_* name overrides a config field. */
const RESERVED_ENV = new Set([
  "ARB_CONFIG",
  "ARB_KALSHI_KEY_ID",
  "ARB_KALSHI_PRIVATE_KEY_PATH",
  "ARB_POLYMARKET_PRIVATE_KEY_PATH",
  "ARB_POLYMARKET_API_KEY",
  "ARB_POLYMARKET_API_SECRET",
  "ARB_POLYMARKET_API_PASSPHRASE",
  "ARB_WEB_TOKEN",
  "ARB_TELEGRAM_BOT_TOKEN",
]);

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly string[] };

const camel = (snake: string): string => snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** ARB_TRADING__MIN_EDGE_UNITS=80 → trading.minEdgeUnits = 80 ("__" nests; values are JSON when they parse as JSON). */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): { path: string[]; value: unknown; name: string }[] {
  const out: { path: string[]; value: unknown; name: string }[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith("ARB_") || RESERVED_ENV.has(name) || raw === undefined) continue;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: the plain string is the value (URLs, paths, enum names).
    }
    out.push({ path: name.slice(4).split("__").map(camel), value, name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

/** A value as the operator wrote it: JSON, except the numbers JSON cannot write (an env `1e999`, YAML `.inf` or
 *  `.nan`), which JSON.stringify would print as null. */
function show(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.length === 0 ? "(root)" : issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    // The sections are strict, so a misspelt or moved field lands here: name it and what the section does take.
    const known = fieldsAt(Config, issue.path);
    const names = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    return `${path}: unknown field${issue.keys.length > 1 ? "s" : ""} ${names}${known === undefined ? "" : ` (expected one of: ${known.join(", ")})`}`;
  }
  let got: unknown = raw;
  for (const k of issue.path) got = typeof got === "object" && got !== null ? (got as Record<PropertyKey, unknown>)[k] : undefined;
  const last = issue.path[issue.path.length - 1];
  const shown = got === undefined || (typeof last === "string" && SENSITIVE_KEYS.has(last)) ? "" : ` (got ${show(got)})`;
  return `${path}: ${issue.message}${shown}`;
}

/** Pure: a raw config object plus env overrides → a parsed config or every problem, each with its path. */
export function parseConfig(raw: unknown, env: Readonly<Record<string, string | undefined>> = {}): ConfigResult {
  const base: Record<string, unknown> = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? structuredClone(raw as Record<string, unknown>) : {};
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw)))
    return { ok: false, problems: ["(root): expected an object of settings"] };
  const secretPaths = findSecretKeys(base).map((p) => `${p.join(".")}: secrets are read from the environment or key files, never from the config file`);
  if (secretPaths.length > 0) return { ok: false, problems: secretPaths };
  for (const o of envOverrides(env)) setPath(base, o.path, o.value);
  const r = Config.safeParse(base);
  return r.success ? { ok: true, config: r.data } : { ok: false, problems: r.error.issues.map((i) => describe(i, base)) };
}

/** Reads a JSON or YAML file (by extension; YAML also reads JSON). */
function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError([`${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError([`${path}: not valid ${extname(path) === ".json" ? "JSON" : "YAML"} (${(err as Error).message.split("\n")[0]})`]);
  }
}

/** The shell: file (when given) + env → Config, or a ConfigError listing every problem. */
export function loadConfig(path: string | undefined, env: Readonly<Record<string, string | undefined>>): Config {
  const raw = path === undefined ? {} : readConfigFile(path);
  const r = parseConfig(raw, env);
  if (!r.ok) throw new ConfigError(path === undefined ? r.problems : r.problems.map((p) => `${path}: ${p}`));
  return r.config;
}
