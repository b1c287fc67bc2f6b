import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MappingFile, type MappingEntry } from "../src/discovery/mapping-file.js";
import { runStart } from "../src/run/start.js";
import type { Session } from "../src/run/session.js";
import type { SimulatorWorld } from "../src/run/simulator-world.js";
import { captureLogger, fakeOut, testConfig, venueWorstCaseMicros, waitFor, workDir } from "./helpers.js";

describe("bot start against the simulator (injected arbs, a shared market, a trap pair, a one-sided fill)", () => {
  it("discovers, rejects the trap, trades both team markets of a game, books the exact guaranteed profit and alerts on the one-sided fill", async () => {
    const config = testConfig({ dashboard: { web: { enabled: false } } });
    const { logger, lines } = captureLogger();
    const dir = workDir();
    const balance = config.trading.simulatorBalanceMicros;
    let ready: { session: Session; simulator?: SimulatorWorld; pairs: readonly MappingEntry[] } | undefined;
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
    // let a window close unseen. The first two are on the two team markets of one game, which share one Polymarket
    // market with opposite polarity; the third meets a Polymarket reject, so one leg fills alone.
    const twins = control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => ({ ticker: m.ticker, pm: m.polymarket })));
    const shared = r.pairs.filter((p) => r.pairs.filter((q) => q.conditionId === p.conditionId).length === 2);
    const inverted = shared.find((p) => twins.find((t) => t.ticker === p.kalshiTicker)?.pm?.polarity === "inverted");
    const direct = shared.find((p) => p.conditionId === inverted?.conditionId && p !== inverted);
    if (inverted === undefined || direct === undefined) throw new Error("no accepted two-way game with both team markets");
    const other = r.pairs.find((p) => p.conditionId !== direct.conditionId) as (typeof r.pairs)[number];
    const open = async (i: number, ticker: string, kind: "poly_yes_kalshi_no" | "kalshi_yes_poly_no", edgeBps: number, sizeHundredths: number) => {
      control.injectArb({ kind, ticker, edgeBps, sizeHundredths, durationMs: 5_000 });
      await waitFor(() => store.arbsTaken > i, 20_000, `arb ${i + 1} taken`);
    };
    await open(0, direct.kalshiTicker, "poly_yes_kalshi_no", 150, 2000);
    await open(1, inverted.kalshiTicker, "kalshi_yes_poly_no", 150, 1500);
    control.faultOrders("polymarket", { mode: "reject", count: 1 });
    await open(2, other.kalshiTicker, "poly_yes_kalshi_no", 200, 2000);
    await waitFor(() => store.arbsTaken >= 3 && store.alerts.some((a) => /unmatched/.test(a.message)), 30_000, "three arbs and a one-sided alert");
    await waitFor(
      () => r.session.snapshot().orders.length === 0 && r.session.snapshot().unmatchedExposureMicros === 0,
      15_000,
      "every order done and the excess resolved",
    );

    // Both pairs of the shared market are listed and see its two tokens the other way round.
    const bound = new Map(lines.filter((l) => l["event"] === "pair.bound").map((l) => [l["kalshiTicker"] as string, l]));
    const pairOf = (ticker: string) => bound.get(ticker)?.["pair"] as number;
    expect(bound.get(inverted.kalshiTicker)?.["polymarketMarket"]).toBe(`${inverted.conditionId}:inverted`);
    expect(bound.get(direct.kalshiTicker)?.["polymarketMarket"]).toBe(direct.conditionId);
    const views = r.session.snapshot().pairs;
    const [dv, iv] = [views.find((v) => v.pair === pairOf(direct.kalshiTicker)), views.find((v) => v.pair === pairOf(inverted.kalshiTicker))];
    expect(dv?.polymarket.yesAskUnits).not.toBeNull();
    expect([iv?.polymarket.yesAskUnits, iv?.polymarket.noAskUnits]).toEqual([dv?.polymarket.noAskUnits, dv?.polymarket.yesAskUnits]);
    // Each arb traded on its own pair. Money is held by venue market in the venue's orientation: the inverted pair's
    // kalshi_yes_poly_no bought its NO leg, which is the market's first token, the same one the direct pair's
    // poly_yes_kalshi_no bought as its YES: one position, all on the market's "yes" side.
    const started = lines.filter((l) => l["event"] === "arb.started").map((l) => l["pair"]);
    expect(started.slice(0, 2)).toEqual([pairOf(direct.kalshiTicker), pairOf(inverted.kalshiTicker)]);
    const held = r.session.snapshot().positions.filter((x) => x.venue === "polymarket" && x.market === direct.conditionId);
    expect(held).toEqual([expect.objectContaining({ noHundredths: 0 })]);
    expect(held[0]?.yesHundredths).toBeGreaterThan(0);

    const expectedPnl = venueWorstCaseMicros(control, sim.accounts, balance);

    // Polarity: every accepted pair's YES token is the simulator's twin of Kalshi YES; the trap pair is not accepted.
    for (const pair of r.pairs) expect(twins.find((t) => t.ticker === pair.kalshiTicker)?.pm?.yesTokenId).toBe(pair.yesTokenId);
    const traps = twins.filter((t) => t.pm?.trap === true);
    expect(traps.length).toBeGreaterThan(0);
    for (const t of traps) expect(r.pairs.some((x) => x.kalshiTicker === t.ticker)).toBe(false);
    const mapping = MappingFile.parse(JSON.parse(readFileSync(join(dir, "pairs.json"), "utf8")));
    for (const t of traps)
      expect(mapping.pairs.find((e) => e.kalshiTicker === t.ticker)).toMatchObject({ status: "rejected", flags: ["outcome-order-contradicts-title"] });
    const [me, mi] = [direct, inverted].map((x) => mapping.pairs.find((e) => e.kalshiTicker === x.kalshiTicker));
    expect(mi).toMatchObject({ status: "accepted", conditionId: me?.conditionId, yesLabel: me?.noLabel, noLabel: me?.yesLabel });
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
