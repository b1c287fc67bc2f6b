import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MarketsView } from "@arb/venue-sim";
import { FIXTURE_PEER } from "../paths.js";
import { type StampedLine, startProc } from "../procs.js";
import { peerGames } from "./games.js";
import { registerKalshiKey } from "./keys.js";
import type { Contender, Detection, LaunchContext } from "./types.js";

/** Pure: `DETECT <ticker> <edgeBps>` lines. */
export function fixtureDetector(): (line: StampedLine) => Detection | undefined {
  return (line) => {
    const m = /^DETECT (\S+) (-?\d+)$/.exec(line.text);
    return m === null ? undefined : { ns: line.ns, ticker: m[1] as string, edgeBps: Number(m[2]) };
  };
}

export const fixturePeer: Contender = {
  name: "fixture-peer",
  dialects: { kalshi: "legacy", polymarket: "peer" },
  trades: true,
  about: "a tiny test fixture speaking the peer dialects by the Python bot's parsing rules; trades the Kalshi leg only (CI stand-in, not a real bot)",
  doctor: () => [{ what: "fixture-peer: node", ok: true, detail: process.version }],
  async launch(ctx: LaunchContext) {
    const key = await registerKalshiKey(ctx.admin, ctx.dir, ctx.balanceMicros);
    const gamesPath = join(ctx.dir, "games.json");
    writeFileSync(gamesPath, JSON.stringify(peerGames(ctx.markets)));
    const env = {
      ...process.env,
      PEER_KALSHI_WS: ctx.urls.kalshi.ws,
      PEER_KALSHI_REST: ctx.urls.kalshi.rest.replace(/\/trade-api\/v2$/, ""),
      PEER_POLY_WS: ctx.urls.polymarket.wsMarket,
      PEER_KEY_ID: key.keyId,
      PEER_KEY_PATH: key.keyPath,
      PEER_GAMES: gamesPath,
      PEER_MODE: ctx.mode,
    };
    return startProc("fixture-peer", process.execPath, [FIXTURE_PEER], { cwd: ctx.dir, env, maxMs: ctx.maxMs });
  },
  detector: (_m: MarketsView) => fixtureDetector(),
  readyLine: /^READY$/,
};
