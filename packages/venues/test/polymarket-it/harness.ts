import { randomBytes } from "node:crypto";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { pino } from "pino";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { PolymarketConfig, type PolymarketConfigInput, type PolymarketCreds } from "../../src/polymarket/config.js";
import { PolymarketClob } from "../../src/polymarket/http.js";

export const silent = pino({ level: "silent" });

/** A quiet simulator: an EPL game (neg-risk, three Yes/No markets) and two NBA games, no generated makers. */
export function quietPolySim(scenario: Record<string, unknown> = {}, polymarket: Record<string, unknown> = {}): Promise<Sim> {
  return startSim({
    scenario: parseScenario({
      name: "polymarket-contract",
      seed: 3,
      startMs: 1795626000000,
      games: { count: 3, leagues: ["NBA", "EPL"] },
      marketMakers: { enabled: false },
      polymarket: { minedMs: 100, confirmedMs: 200, ...polymarket },
      ...scenario,
    }),
  });
}

export interface Trader {
  readonly privateKey: `0x${string}`;
  readonly account: PrivateKeyAccount;
}

/** A throwaway wallet funded on the simulator (tests never carry secrets). */
export function newTrader(sim: Sim, balanceMicros = 1_000_000_000): Trader {
  const privateKey = `0x${randomBytes(32).toString("hex")}` as const;
  sim.control.createPolymarketAccount({ privateKey, balanceMicros });
  return { privateKey, account: privateKeyToAccount(privateKey) };
}

export function configFor(sim: Sim, t: Trader | undefined, extra: Partial<PolymarketConfigInput> = {}): PolymarketConfig {
  return PolymarketConfig.parse({
    urls: sim.urls.polymarket,
    ...(t !== undefined && { privateKey: t.privateKey }),
    pingIntervalMs: 50,
    staleAfterMs: 500,
    reconnect: { baseMs: 20, maxMs: 60 },
    retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    requestTimeoutMs: 3_000,
    ...extra,
  });
}

/** Derives the trader's API credentials through L1, as a real client does on first start. */
export async function credsOf(sim: Sim, t: Trader): Promise<PolymarketCreds> {
  const clob = new PolymarketClob({ config: configFor(sim, t), account: t.account });
  try {
    const r = await clob.createOrDeriveApiKey();
    if (!r.ok) throw new Error(`L1 failed: ${r.error.message}`);
    return r.value;
  } finally {
    await clob.close();
  }
}

/** The first game's Polymarket markets: the neg-risk (EPL) one and a two-way one. */
export function marketsOf(sim: Sim): { negRisk: { conditionId: string; yes: string; no: string }; plain: { conditionId: string; yes: string; no: string } } {
  const games = sim.control.markets().games;
  const pick = (neg: boolean) => {
    const g = games.find((x) => x.polymarket.negRisk === neg);
    const m = g?.polymarket.markets[0];
    const yes = m?.outcomes[0]?.tokenId;
    const no = m?.outcomes[1]?.tokenId;
    if (m === undefined || yes === undefined || no === undefined) throw new Error("scenario lacks a market");
    return { conditionId: m.conditionId, yes, no };
  };
  return { negRisk: pick(true), plain: pick(false) };
}

export { waitFor } from "../wait.js";
