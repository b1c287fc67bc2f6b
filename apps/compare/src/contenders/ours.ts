import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MarketsView } from "@arb/venue-sim";
import { REPO_ROOT } from "../paths.js";
import { type StampedLine, startProc } from "../procs.js";
import type { Check, Contender, Detection, LaunchContext } from "./types.js";

const BOT_CLI = join(REPO_ROOT, "apps/bot/dist/cli.js");

/** The V8 flags the bot ships with: those of its start script. */
function startScriptFlags(): string[] {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, "apps/bot/package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  return script.split(" ").filter((f) => f.startsWith("--"));
}

/**
 * Pure: reads the bot's pino lines. `pair.bound` names each pair's Kalshi ticker; a detection is `order.would-send`
 * (dry run: the arb it found and would take) or `arb.started` (trading: the arb it took).
 */
export function oursDetector(): (line: StampedLine) => Detection | undefined {
  const tickers = new Map<number, string>();
  return (line) => {
    if (!line.text.startsWith("{")) return undefined;
    let r: { event?: string; pair?: number; kalshiTicker?: string; edgeUnits?: number };
    try {
      r = JSON.parse(line.text);
    } catch {
      return undefined;
    }
    if (r.event === "pair.bound" && typeof r.pair === "number" && typeof r.kalshiTicker === "string") tickers.set(r.pair, r.kalshiTicker);
    if ((r.event === "order.would-send" || r.event === "arb.started") && typeof r.pair === "number") {
      const ticker = tickers.get(r.pair);
      return ticker === undefined ? undefined : { ns: line.ns, ticker, ...(r.edgeUnits === undefined ? {} : { edgeBps: r.edgeUnits }) };
    }
    return undefined;
  };
}

function oursContender(name: string, core: "wasm-simd" | "ts-twin", about: string): Contender {
  return {
    name,
    dialects: { kalshi: "current", polymarket: "current" },
    trades: true,
    about,
    doctor(): Check[] {
      const built = (() => {
        try {
          readFileSync(BOT_CLI);
          return true;
        } catch {
          return false;
        }
      })();
      return [
        {
          what: `${name}: the bot's build`,
          ok: built,
          detail: BOT_CLI.slice(REPO_ROOT.length),
          fix: "npx -y pnpm@10.34.9 exec turbo run build --filter=bot...",
        },
      ];
    },
    launch(ctx: LaunchContext) {
      // Only the caller's non-ARB_ environment: the bot reads every ARB_* variable as config.
      const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
      Object.assign(env, {
        TMPDIR: ctx.dir,
        ARB_LOG_LEVEL: "info",
        ARB_SIMULATOR_ADMIN_URL: ctx.adminUrl,
        ARB_VENUES__KALSHI__REST_URL: ctx.urls.kalshi.rest,
        ARB_VENUES__KALSHI__WS_URL: ctx.urls.kalshi.ws,
        ARB_VENUES__POLYMARKET__URLS: JSON.stringify(ctx.urls.polymarket),
        ARB_TRADING__SIMULATOR_BALANCE_MICROS: String(ctx.balanceMicros),
        ARB_TRADING__CORE: core,
      });
      const seconds = Math.max(10, Math.floor(ctx.maxMs / 1000) - 5);
      const args = [...startScriptFlags(), BOT_CLI, "start", "--no-web", "--duration", String(seconds), ...(ctx.mode === "detect" ? ["--dry-run"] : [])];
      return Promise.resolve(startProc(name, process.execPath, args, { cwd: ctx.dir, env, maxMs: ctx.maxMs }));
    },
    detector: (_markets: MarketsView) => oursDetector(),
  };
}

export const ours = oursContender("ours", "wasm-simd", "this project's bot, Wasm SIMD detection core (current dialects; detect mode = --dry-run)");
export const oursTs = oursContender("ours-ts", "ts-twin", "the same bot on the TypeScript twin of the detection core (trading.core = ts-twin)");
