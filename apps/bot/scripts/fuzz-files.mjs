// The files an operator writes or the bot reads back, fuzzed: the bot's config (file and ARB_* environment), the
// simulator's scenarios, and the pair mapping file. Bad input must end in the loader's own clear error (one that says
// which file or field), never in a crash: no other exception, no throw from a run of a scenario that loaded.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScenarioError, parseScenario, startSim } from "@arb/venue-sim";
import { parse as fromYaml, stringify as toYaml } from "yaml";
import { ConfigError, loadConfig, parseConfig } from "../dist/config/load.js";
import { readMappingFile } from "../dist/discovery/mapping-file.js";
import { anyValue, junk, randomString } from "./fuzz-mutate.mjs";
import { root } from "./procs.mjs";

const dir = mkdtempSync(join(tmpdir(), "arb-fuzz-files-"));
export const cleanupFiles = () => rmSync(dir, { recursive: true, force: true });

/** The documented config, every field named: mutations of it reach every section's checks. */
const EXAMPLE_TEXT = readFileSync(join(root, "apps/bot/bot.example.yaml"), "utf8");
const EXAMPLE = fromYaml(EXAMPLE_TEXT);
const SCENARIO_DIR = join(root, "packages/venue-sim/scenarios");
const SCENARIOS = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => readFileSync(join(SCENARIO_DIR, f), "utf8"));

/** A parsed document with a few of its values replaced, removed or added. */
function mutateDoc(r, doc) {
  const v = structuredClone(doc);
  for (let n = r.int(1, 4); n > 0; n--) {
    const at = [];
    let node = v;
    while (node !== null && typeof node === "object" && r.next() < 0.8) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const k = r.pick(keys);
      if (node[k] === null || typeof node[k] !== "object") {
        at.push(k);
        break;
      }
      at.push(k);
      node = node[k];
    }
    if (at.length === 0) continue;
    const parent = at.slice(0, -1).reduce((x, k) => x[k], v);
    const last = at[at.length - 1];
    const op = r.int(0, 3);
    if (op === 0) delete parent[last];
    else if (op === 1 && !Array.isArray(parent))
      parent[r.next() < 0.5 ? randomString(r, r.int(1, 8)) : r.pick(["privateKey", "token", "secret", "__proto__", "constructor"])] = anyValue(r, 2);
    else parent[last] = anyValue(r, 2);
  }
  return v;
}

/** ARB_* names made of real field names and nonsense, with values of every shape (JSON, not JSON, not finite). */
function randomEnv(r) {
  const env = {};
  const words = [
    "MODE",
    "TRADING",
    "MIN_EDGE_UNITS",
    "DASHBOARD",
    "WEB",
    "PORT",
    "HOST",
    "EXECUTION",
    "RISK",
    "BREAKER",
    "VENUES",
    "KALSHI",
    "PRESET",
    "POLYMARKET",
    "URLS",
    "ALERTS",
    "FORMAT",
    "LOG_LEVEL",
    "X",
  ];
  for (let n = r.int(0, 4); n > 0; n--) {
    const name = `ARB_${Array.from({ length: r.int(1, 3) }, () => r.pick(words)).join(r.next() < 0.7 ? "__" : "_")}`;
    env[name] =
      r.next() < 0.5
        ? JSON.stringify(anyValue(r, 2))
        : r.pick(["1e999", "-1e999", "NaN", "Infinity", "", " ", "null", "{", "[1,", "live", "production", "0", "-1", randomString(r, 10)]);
  }
  return env;
}

/** A problem line must say where: a path (dotted, or the file's; a key may hold any character) before ": ". */
const clearProblem = (p) => typeof p === "string" && /^\S.*?: \S/.test(p);

function configCase(r) {
  const failures = [];
  const yaml = r.next() < 0.5;
  const path = join(dir, `config.${yaml ? "yaml" : "json"}`);
  const k = r.int(0, 3);
  const text =
    k === 0
      ? junk(r, yaml ? EXAMPLE_TEXT : JSON.stringify(EXAMPLE), 1 << 16)
      : k === 1
        ? randomString(r, r.int(0, 200))
        : yaml
          ? toYaml(mutateDoc(r, EXAMPLE))
          : JSON.stringify(mutateDoc(r, EXAMPLE));
  writeFileSync(path, text);
  const env = randomEnv(r);
  try {
    loadConfig(path, env);
  } catch (err) {
    if (!(err instanceof ConfigError))
      failures.push({ what: "loadConfig threw something other than a ConfigError", input: text.slice(0, 2_000), env, error: String(err?.stack ?? err) });
    else if (!err.problems.every(clearProblem))
      failures.push({ what: "a config problem that does not say where", problems: err.problems, input: text.slice(0, 2_000), env });
  }
  // The pure half, with any value at all as the document.
  try {
    const res = parseConfig(anyValue(r, 3), env);
    if (!res.ok && !res.problems.every(clearProblem)) failures.push({ what: "parseConfig problem without a path", problems: res.problems, env });
  } catch (err) {
    failures.push({ what: "parseConfig threw", env, error: String(err?.stack ?? err) });
  }
  return { frames: 1, failures };
}

function mappingEntry(r, i) {
  return {
    id: `pair-${i}`,
    status: r.pick(["accepted", "rejected"]),
    by: r.pick(["auto", "human"]),
    decidedAtMs: r.int(0, 2e12),
    league: "nba",
    startMs: r.int(0, 2e12),
    confidence: r.next(),
    kalshiTicker: `KXNBAGAME-26NOV25LALBOS-${i}`,
    eventMarkets: ["KXNBAGAME-26NOV25LALBOS-LAL", "KXNBAGAME-26NOV25LALBOS-BOS"],
    conditionId: `0x${i.toString(16).padStart(64, "0")}`,
    yesTokenId: String(r.int(1, 1e9)),
    noTokenId: String(r.int(1, 1e9)),
    yesLabel: "Lakers",
    noLabel: "Celtics",
    flags: [],
    title: "Lakers at Celtics | Lakers vs. Celtics",
  };
}

function mappingCase(r) {
  const failures = [];
  const clean = { version: 1, pairs: Array.from({ length: r.int(0, 5) }, (_, i) => mappingEntry(r, i)) };
  const k = r.int(0, 2);
  const text = k === 0 ? junk(r, JSON.stringify(clean), 1 << 16) : k === 1 ? JSON.stringify(mutateDoc(r, clean)) : randomString(r, r.int(0, 100));
  const path = join(dir, "arb-pairs.json");
  writeFileSync(path, text);
  try {
    readMappingFile(path);
  } catch (err) {
    // The bot reports an error that names the mapping file; anything else is a crash without a clue.
    if (!(err instanceof Error) || !err.message.includes(path))
      failures.push({ what: "a bad mapping file fails without naming the file", input: text.slice(0, 2_000), error: `${err?.name}: ${err?.message}` });
  }
  return { frames: 1, failures };
}

/** Worlds light enough to start many times: a heavier mutated scenario is only parsed. */
const runnable = (s) => s.games.count <= 40 && s.tickMs >= 20 && (s.games.count * (s.marketMakers?.levels ?? 5)) / s.tickMs < 20;

async function scenarioCase(r, { runs }) {
  const failures = [];
  const base = JSON.parse(r.pick(SCENARIOS));
  const k = r.int(0, 3);
  const doc =
    k === 0
      ? (() => {
          try {
            return JSON.parse(junk(r, JSON.stringify(base), 1 << 16));
          } catch {
            return anyValue(r, 3);
          }
        })()
      : mutateDoc(r, base);
  let scenario;
  try {
    scenario = parseScenario(doc, "fuzzed");
  } catch (err) {
    if (!(err instanceof ScenarioError) || !err.issues.every(clearProblem))
      failures.push({
        what: "parseScenario failed without a ScenarioError naming the field",
        input: JSON.stringify(doc).slice(0, 2_000),
        error: String(err?.stack ?? err),
      });
    return { frames: 1, failures };
  }
  if (!runs || !runnable(scenario)) return { frames: 1, failures };
  // A scenario that loaded must run: its whole timeline played on a driven clock, every entry fired or skipped.
  let now = scenario.startMs ?? 1_800_000_000_000;
  const end = scenario.timeline.reduce((m, e) => Math.max(m, e.atMs + (e.durationMs ?? 0) + (e.delayMs ?? 0)), 0) + 2 * scenario.tickMs;
  let sim;
  try {
    sim = await startSim({ scenario, clock: () => now, eventLogMemory: 1_000 });
    for (let t = 0; t <= end; t += Math.max(scenario.tickMs, Math.ceil(end / 50))) {
      now += Math.max(scenario.tickMs, Math.ceil(end / 50));
      sim.control.account("none");
    }
  } catch (err) {
    if (!(err instanceof ScenarioError))
      failures.push({ what: "a scenario that parsed crashed the simulator", input: JSON.stringify(doc).slice(0, 4_000), error: String(err?.stack ?? err) });
  } finally {
    await sim?.close();
  }
  return { frames: 1, failures, ran: true };
}

export const FILE_TARGETS = [
  { id: "config", name: "bot config (file + ARB_* env)", run: configCase },
  { id: "scenario", name: "simulator scenario (parse, load check, run)", run: scenarioCase },
  { id: "mapping", name: "pair mapping file", run: mappingCase },
];
