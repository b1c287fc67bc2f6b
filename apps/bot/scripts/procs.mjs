// Child processes for the measurement scripts (rss.mjs, money.mjs): the simulator in its own process, the bot
// attached to it, each bounded in time and stopped by pid. Plain JS over the built dist/ folders (build first).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
const SIM_CLI = join(root, "packages/venue-sim/dist/cli.js");
export const BOT_CLI = join(root, "apps/bot/dist/cli.js");

/**
 * A script's command line: `--help` prints the usage and exits 0; `numberArg` reads a numeric option or exits 2
 * naming it and what was expected.
 */
export function scriptArgs(usage, options, allowPositionals = false) {
  let parsed;
  try {
    // `pnpm <script> -- --x` hands the script a literal "--" (after the script's own arguments, if it has some);
    // parseArgs would read the rest as positionals. A second "--" still ends the options (money.mjs: bot arguments).
    const args = process.argv.slice(2);
    const dashes = args.indexOf("--");
    if (dashes >= 0) args.splice(dashes, 1);
    parsed = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals });
  } catch (e) {
    process.stderr.write(`${e.message}\n${usage}\n`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const numberArg = (name, ok, expected) => {
    const v = values[name];
    const n = Number(v);
    if (!ok(n)) {
      process.stderr.write(`--${name} must be ${expected}, got "${v}"\n${usage}\n`);
      process.exit(2);
    }
    return n;
  };
  return { opt: values, positionals, numberArg };
}

/** The V8 flags the bot ships with: those of its start script (`pnpm --filter bot start`). */
export function startScriptFlags() {
  const script = JSON.parse(readFileSync(join(root, "apps/bot/package.json"), "utf8")).scripts.start;
  return script.split(" ").filter((f) => f.startsWith("--"));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Spawns a node process; `lines` gets its stdout line by line, stderr is kept (bounded) for error reports. */
export function start(name, args, env, dir, lines) {
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const errs = [];
  let buf = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buf += chunk;
    let i = buf.indexOf("\n");
    while (i >= 0) {
      lines?.(buf.slice(0, i));
      buf = buf.slice(i + 1);
      i = buf.indexOf("\n");
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c) => errs.length < 200 && errs.push(c));
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { name, child, exited, stderr: () => errs.join("") };
}

/** A child's stdout line handler that hands each JSON log record (and its line) to `onRecord`; other lines (a printed summary) are skipped. */
export function logRecords(onRecord) {
  return (line) => {
    if (!line.startsWith("{")) return;
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      return;
    }
    onRecord(r, line);
  };
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stop(p) {
  if (p === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  let timer;
  const done = await Promise.race([p.exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
  clearTimeout(timer);
  if (done === undefined) p.child.kill("SIGKILL");
}

export async function waitFor(what, cond, timeoutMs, proc) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (proc !== undefined && proc.child.exitCode !== null) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** The simulator CLI on a scenario file; resolves with the process and the URLs it prints. */
export async function startSimulator(scenarioPath, dir, extraArgs = []) {
  let out = "";
  const sim = start("simulator", [SIM_CLI, "--scenario", scenarioPath, ...extraArgs], { ...process.env }, dir, (l) => (out += `${l}\n`));
  const urls = await waitFor(
    "the simulator's URLs",
    () => {
      try {
        return JSON.parse(out);
      } catch {
        return undefined;
      }
    },
    60_000,
    sim,
  );
  return { sim, urls };
}

/** The bot's environment for a run attached to that simulator: no ARB_* of the caller's, its files in `tmpDir`. */
export function botEnv(urls, tmpDir, extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
  return {
    ...env,
    TMPDIR: tmpDir,
    ARB_LOG_LEVEL: "info",
    ...(urls !== undefined && {
      ARB_SIMULATOR_ADMIN_URL: urls.admin,
      ARB_VENUES__KALSHI__REST_URL: urls.kalshi.rest,
      ARB_VENUES__KALSHI__WS_URL: urls.kalshi.ws,
      ARB_VENUES__POLYMARKET__URLS: JSON.stringify(urls.polymarket),
    }),
    ...extra,
  };
}

/** Prometheus text → { name: value } for unlabelled series, summing labelled ones by name. */
function readMetrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m === null) continue;
    out[m[1]] = (out[m[1]] ?? 0) + Number(m[3]);
  }
  return out;
}

export async function metricsOf(url) {
  try {
    const res = await fetch(new URL("/metrics", url), { signal: AbortSignal.timeout(5_000) });
    return res.ok ? readMetrics(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON-lines file's records (a missing file is empty; a torn or foreign line is skipped). */
export function jsonl(path) {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").flatMap((l) => {
    if (l === "") return [];
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
}
