import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join, resolve } from "node:path";
import type { Options } from "./args.js";
import type { Contender } from "./contenders/types.js";
import type { ReportMeta } from "./report/document.js";

function machineLine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}; load average at the end ${load}`;
}

/** The commit of a checkout, when it is a git checkout. */
function commitOf(path: string | undefined): string {
  if (path === undefined) return "no checkout";
  if (!existsSync(join(resolve(path), ".git"))) return "a checkout without git metadata (commit unknown)";
  const r = spawnSync("git", ["-C", resolve(path), "log", "-1", "--format=%h %cs %s"], { encoding: "utf8", timeout: 10_000 });
  return r.status === 0 ? `steffenmax/arb-bot at ${r.stdout.trim()}` : "commit unknown";
}

function sourceOf(c: Contender, o: Options): string {
  if (c.name === "python") return commitOf(o.pythonBot);
  if (c.name.startsWith("terauss-model"))
    return "apps/compare/model (this repository, clean-room; modelled on terauss/Polymarket-Kalshi-Arbitrage-bot 6c4eb52 as documented, not built from it)";
  if (c.name === "fixture-peer") return "apps/compare/test/fixture-peer/peer.mjs";
  return "this repository's working tree";
}

/** Every unfairness that remains, said plainly; the ones that depend on who ran are added only then. */
function unfairness(names: readonly string[]): string[] {
  const has = (n: string) => names.includes(n);
  const out = [
    "Two shared cores: the simulator, the harness and every contender run on the same 2 cores at once; contention adds latency to all, unevenly. The solo runs (each contender alone) are the baselines.",
    "Detection is each contender's own stdout line stamped when it reaches the harness (pipe + the harness's event loop: the same path for every contender, typically well under 1 ms). Our bot's line is its dry-run `order.would-send` (logged as the detection core reports the arb), the Python bot's is printed after its VWAP / depth / confidence logic, the model's after its fee check: each is the moment that bot knows, not the same amount of work.",
    "Each contender is measured from its own last frame of the window's opening step (stamped per connection as the simulator hands it to the socket); the fan-out order is shuffled per step, so no connection is always served first. Dialects differ in size: the peer dialect sends one message per level change where the current one sends one per step.",
    "Only kalshi_yes_poly_no windows (Kalshi YES of one team + the other team's Polymarket token): the only kind the Python bot can see. Our bot's other arb types are not exercised here.",
    "The peers are fed dialects the venues no longer send (Kalshi integer cents, the flat Polymarket price_change): on today's venues they would see nothing at all (shared/peer-race.md). The race measures their pipelines as if their parsers were current.",
  ];
  if (has("python"))
    out.push(
      "The Python bot runs in PAPER MODE ONLY: its live path imports a module missing from its repository and its Polymarket executor needs py_clob_client, which no Debian package has (a stub that refuses orders stands in). It sends no orders, so it has no execution, partial-fill or race figures. Its latency is bounded by its own 50 ms leading-edge debounce (no trailing re-check), its ≤ 1 s re-quote wait and its 5 s poll; it needs ≥ $50 per leg for High confidence and caps paper exposure per event — its design, not the harness's.",
      "The Python bot's URLs are constants in its source; a sitecustomize.py written for this project (apps/compare/src/contenders/python-shim) redirects them to the simulator at run time without editing its files. It refreshes books over REST every 30 s (the simulator answers in the legacy shape); our bot does not poll.",
    );
  if (has("terauss-model") || has("terauss-model-fixed"))
    out.push(
      "terauss-model is a clean-room MODEL of terauss's documented pipeline, not the terauss bot: the real one cannot be built here (no crates registry; ethers, tokio-tungstenite, rsa, wide are not packaged by Debian) and its venue URLs are compile-time constants. The model keeps its integer-cent u16 prices, packed top-of-book word, per-contract Kalshi fee table, 1 ¢ threshold, its parsers' documented behaviour, one task per arb, Kalshi IOC + Polymarket FAK sent together and the Polymarket fill read back with a second GET; it is built on Debian's tokio, serde_json, openssl and tiny-keccak with a WebSocket and HTTP client of its own, not on tokio-tungstenite / reqwest / ethers, so its constant costs differ from the real bot's. It signs CLOB V2 orders (the simulator's) where terauss signs V1, and it creates its API key where terauss only derives one.",
      "terauss's sizing is kept: contracts = min(yes_size, no_size) / 100 with Kalshi's size read as qty × bid ÷ 100, so windows of 20–500 contracts give it 1–2 contracts (or none: \"Insufficient liquidity\"), below Polymarket's 5-share minimum; its Polymarket leg is then refused and the Kalshi leg auto-closed at −10 ¢. That is its documented behaviour on these windows, not a harness limit.",
      "terauss-model (faithful) starves by design: Kalshi books stay frozen at the snapshot (its delta handler reads level arrays real deltas do not carry), single-object Polymarket books and BUY/SELL price_change are ignored. terauss-model-fixed shows what its rule would do with working parsers.",
    );
  if (has("fixture-peer"))
    out.push(
      "fixture-peer is a test fixture (the peer dialects parsed by the Python bot's documented rules, a Kalshi-only trader), not a real bot: its figures prove the harness, they rank nothing.",
    );
  if (has("ours-ts"))
    out.push(
      "ours-ts is the same bot with the TypeScript twin of the detection core (trading.core = ts-twin): in a race the two share one account-free book and compete for the same liquidity.",
    );
  return out;
}

export function reportMeta(o: Options, contenders: readonly Contender[], command: string): ReportMeta {
  return {
    title: o.quick ? "Compare (quick)" : "Compare: our bot vs the peer bots on one simulator",
    date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
    command,
    machine: machineLine(),
    contenders: contenders.map((c) => ({ name: c.name, about: c.about, source: sourceOf(c, o) })),
    unfairness: unfairness(contenders.map((c) => c.name)),
    notes: o.notes,
  };
}
