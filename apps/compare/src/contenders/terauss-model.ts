import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MarketsView } from "@arb/venue-sim";
import { MODEL_DIR } from "../paths.js";
import { type StampedLine, startProc } from "../procs.js";
import { peerGames, teamCode } from "./games.js";
import { registerKalshiKey } from "./keys.js";
import type { Check, Contender, Detection, LaunchContext } from "./types.js";

const MODEL_BIN = join(MODEL_DIR, "target", "release", "terauss-model");
const REGISTRY = "/usr/share/cargo/registry";
const CRATES = [
  ["tokio", "librust-tokio-dev"],
  ["serde_json", "librust-serde-json-dev"],
  ["openssl", "librust-openssl-dev"],
] as const;

/** Pure: its `[EXEC] 🎯 <ticker> | <ArbType> y=..¢ n=..¢ | profit=..¢ | ..x | ..µs` lines, as terauss logs an arb. */
export function teraussDetector(): (line: StampedLine) => Detection | undefined {
  return (line) => {
    const m = /\[EXEC\] 🎯 (\S+) \| (\w+) y=(\d+)¢ n=(\d+)¢ \| profit=(-?\d+)¢/.exec(line.text);
    return m === null ? undefined : { ns: line.ns, ticker: m[1] as string, edgeBps: Number(m[5]) * 100 };
  };
}

/** Pure: its pairs, one per Kalshi market with the market's YES and NO tokens (its discovery cache's shape). */
export function modelPairs(markets: MarketsView): unknown[] {
  return peerGames(markets).flatMap((g) => {
    const [a, b] = g.tickers;
    const ta = g.tokens[teamCode(a)] as string;
    const tb = g.tokens[teamCode(b)] as string;
    return [
      { kalshi_ticker: a, poly_yes_token: ta, poly_no_token: tb, description: a },
      { kalshi_ticker: b, poly_yes_token: tb, poly_no_token: ta, description: b },
    ];
  });
}

function buildModel(): { ok: boolean; output: string } {
  const r = spawnSync("cargo", ["build", "--release", "--offline", "--quiet"], { cwd: MODEL_DIR, encoding: "utf8", timeout: 600_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error?.message ?? ""}` };
}

function modelContender(name: string, variant: "faithful" | "fixed", about: string): Contender {
  return {
    name,
    dialects: { kalshi: "legacy", polymarket: "current" },
    trades: true,
    about,
    doctor(): Check[] {
      const cargo = spawnSync("cargo", ["--version"], { encoding: "utf8", timeout: 20_000 });
      const checks: Check[] = [
        { what: `${name}: cargo`, ok: cargo.status === 0, detail: cargo.stdout?.trim() || "not found", fix: "apt-get install -y cargo (or rustup)" },
      ];
      const have = existsSync(REGISTRY) ? readdirSync(REGISTRY) : [];
      for (const [crate] of CRATES) {
        checks.push({
          what: `${name}: Debian crate ${crate}`,
          ok: have.some((d) => d.startsWith(`${crate}-`)),
          detail: `${REGISTRY}/${crate}-*`,
          fix: `apt-get install -y ${CRATES.map(([, p]) => p).join(" ")} libssl-dev pkg-config`,
        });
      }
      checks.push({
        what: `${name}: the model's build`,
        ok: existsSync(MODEL_BIN),
        detail: "apps/compare/model/target/release/terauss-model (built on first use)",
        fix: "cd apps/compare/model && cargo build --release --offline",
      });
      return checks;
    },
    async prepare() {
      if (existsSync(MODEL_BIN)) return;
      const b = buildModel();
      if (!b.ok) throw new Error(`${name}: cargo build --release --offline failed (run \`pnpm compare -- doctor\`):\n${b.output}`);
    },
    async launch(ctx: LaunchContext) {
      // terauss reads PKCS#1 PEM only ("BEGIN RSA PRIVATE KEY"); the model keeps that requirement.
      const key = await registerKalshiKey(ctx.admin, ctx.dir, ctx.balanceMicros, "pkcs1");
      const pairsPath = join(ctx.dir, "pairs.json");
      writeFileSync(pairsPath, JSON.stringify({ pairs: modelPairs(ctx.markets) }));
      const env: NodeJS.ProcessEnv = {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        MODEL_VARIANT: variant,
        MODEL_PAIRS: pairsPath,
        KALSHI_WS_URL: ctx.urls.kalshi.ws,
        POLYMARKET_WS_URL: ctx.urls.polymarket.wsMarket,
        KALSHI_API_KEY_ID: key.keyId,
        KALSHI_PRIVATE_KEY_PATH: key.keyPath,
        // terauss's default: a dry run unless DRY_RUN says otherwise.
        DRY_RUN: ctx.mode === "trade" ? "0" : "1",
      };
      if (ctx.mode === "trade") {
        // A throwaway wallet. terauss hard-codes signature type 1 (a Polymarket proxy wallet: POLY_FUNDER is the
        // order's maker), so the simulator account is registered that way.
        const privateKey = `0x${randomBytes(32).toString("hex")}`;
        const funder = `0x${randomBytes(20).toString("hex")}`;
        const address = spawnSync(MODEL_BIN, ["address"], { env: { POLY_PRIVATE_KEY: privateKey }, encoding: "utf8", timeout: 10_000 }).stdout.trim();
        await ctx.admin.createPolymarketAccount({ address, balanceMicros: ctx.balanceMicros, signatureType: 1, funder });
        Object.assign(env, {
          KALSHI_REST_URL: ctx.urls.kalshi.rest,
          POLY_CLOB_URL: ctx.urls.polymarket.clob,
          POLY_PRIVATE_KEY: privateKey,
          POLY_FUNDER: funder,
        });
      }
      return startProc(name, MODEL_BIN, [], { cwd: ctx.dir, env, maxMs: ctx.maxMs });
    },
    detector: (_m: MarketsView) => teraussDetector(),
    readyLine: /\[MODEL\] ready/,
  };
}

export const teraussModel = modelContender(
  "terauss-model",
  "faithful",
  "a clean-room Rust MODEL of terauss/Polymarket-Kalshi-Arbitrage-bot's documented pipeline (not its code, not the real bot), reproducing its parsing as documented (Kalshi books frozen at the snapshot, only array `book`s, price_change only with side ASK); detect mode = DRY_RUN, trade mode sends Kalshi IOC + Polymarket FAK together",
);
export const teraussModelFixed = modelContender(
  "terauss-model-fixed",
  "fixed",
  "the same MODEL with its known parsing bugs fixed (Kalshi deltas applied, single-object books and BUY/SELL price_change read): what its detection rule would do if its parsers worked; detect mode = DRY_RUN, trade mode sends both legs",
);
