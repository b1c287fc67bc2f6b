import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MappingFile } from "../src/discovery/mapping-file.js";
import { runStart } from "../src/run/start.js";
import type { Session } from "../src/run/session.js";
import type { SimulatorWorld } from "../src/run/simulator-world.js";
import { captureLogger, fakeOut, testConfig, waitFor, workDir } from "./helpers.js";

describe("bot start against the simulator (injected arbs, a trap pair, a one-sided fill)", () => {
  it("discovers, rejects the trap, trades the arbs, books the exact guaranteed profit and alerts on the one-sided fill", async () => {
    const config = testConfig({ dashboard: { web: { enabled: false } } });
    const { logger, lines } = captureLogger();
    const dir = workDir();
    const balance = config.trading.simulatorBalanceMicros;
    let ready: { session: Session; simulator?: SimulatorWorld; pairs: readonly { kalshiTicker: string; conditionId: string; yesTokenId: string; noTokenId: string }[] } | undefined;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const run = runStart({ config, secrets: {}, logger, out: fakeOut(), tty: false, stop: stopped, workDir: dir, onReady: (i) => (ready = i) });

    await waitFor(() => ready !== undefined, 20_000, "the session to start");
    const r = ready as NonNullable<typeof ready>;
    const sim = r.simulator as SimulatorWorld;
    const control = sim.control;
    if (control === undefined) throw new Error("embedded simulator expected");
    const store = r.session.store;
    // Windows are opened once the bot is trading, on pairs it trades: a slow start on a loaded machine must not
    // let a window close unseen. The third meets a Polymarket reject, so one leg fills alone.
    const tickers = r.pairs.map((p) => p.kalshiTicker);
    const open = async (i: number, kind: "poly_yes_kalshi_no" | "kalshi_yes_poly_no", edgeBps: number, sizeHundredths: number) => {
      control.injectArb({ kind, ticker: tickers[i % tickers.length] as string, edgeBps, sizeHundredths, durationMs: 5_000 });
      await waitFor(() => store.arbsTaken > i, 20_000, `arb ${i + 1} taken`);
    };
    await open(0, "poly_yes_kalshi_no", 150, 2000);
    await open(1, "kalshi_yes_poly_no", 150, 1500);
    control.faultOrders("polymarket", { mode: "reject", count: 1 });
    await open(2, "poly_yes_kalshi_no", 200, 2000);
    await waitFor(() => store.arbsTaken >= 3 && store.alerts.some((a) => /unmatched/.test(a.message)), 30_000, "three arbs and a one-sided alert");
    await waitFor(() => r.session.snapshot().orders.length === 0 && r.session.snapshot().unmatchedExposureMicros === 0, 15_000, "every order done and the excess resolved");

    // The simulator's own books, not the bot's: cash it debited and contracts it holds.
    const k = control.account(sim.accounts.kalshiAccountId);
    const p = control.polymarketAccount(sim.accounts.polymarketAddress);
    if (k === undefined || p === undefined) throw new Error("simulator accounts missing");
    const spent = balance - k.balanceMicros + (balance - p.balanceMicros);
    const tokens = new Map(p.tokens.map((t) => [t.tokenId, t.hundredths]));
    let matchedPayout = 0;
    for (const pair of r.pairs) {
      const kp = k.positions.find((x) => x.ticker === pair.kalshiTicker);
      const yes = (kp?.yesHundredths ?? 0) + (tokens.get(pair.yesTokenId) ?? 0);
      const no = (kp?.noHundredths ?? 0) + (tokens.get(pair.noTokenId) ?? 0);
      matchedPayout += Math.min(yes, no) * 10_000;
    }
    const expectedPnl = matchedPayout - spent;

    // Polarity: every accepted pair's YES token is the simulator's twin of Kalshi YES; the trap pair is not accepted.
    const twins = control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => ({ ticker: m.ticker, pm: m.polymarket })));
    for (const pair of r.pairs) expect(twins.find((t) => t.ticker === pair.kalshiTicker)?.pm?.yesTokenId).toBe(pair.yesTokenId);
    const traps = twins.filter((t) => t.pm?.trap === true);
    expect(traps.length).toBeGreaterThan(0);
    for (const t of traps) expect(r.pairs.some((x) => x.kalshiTicker === t.ticker)).toBe(false);
    const mapping = MappingFile.parse(JSON.parse(readFileSync(join(dir, "pairs.json"), "utf8")));
    for (const t of traps) expect(mapping.pairs.find((e) => e.kalshiTicker === t.ticker)).toMatchObject({ status: "rejected", flags: ["outcome-order-contradicts-title"] });
    stop();
    const summary = await run;

    expect(r.pairs.length).toBeGreaterThanOrEqual(6);
    expect(summary.arbsTaken).toBeGreaterThanOrEqual(3);
    expect(summary.unmatchedExposureMicros).toBe(0);
    expect(Number.isInteger(summary.guaranteedPnlMicros)).toBe(true);
    expect(summary.guaranteedPnlMicros).toBe(expectedPnl);
    expect(lines.some((l) => l["event"] === "arb.closed")).toBe(true);
    expect(lines.some((l) => (l["alert"] as { kind?: string } | undefined)?.kind === "leg.unhedged")).toBe(true);
  });
});
