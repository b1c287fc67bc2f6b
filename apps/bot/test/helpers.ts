import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import type { SimControl } from "@arb/venue-sim";
import { type Logger, pino } from "pino";
import { parseConfig } from "../src/config/load.js";
import type { Config, ConfigInput } from "../src/config/schema.js";
import { vi } from "vitest";

const E2E_SCENARIO = new URL("./fixtures/e2e-scenario.json", import.meta.url).pathname;

export function testConfig(over: ConfigInput = {}): Config {
  const r = parseConfig({ scenario: E2E_SCENARIO, dashboard: { web: { port: 0 } }, ...over });
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

/** A logger whose JSON lines the test can read. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split("\n")) if (l !== "") lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

export function fakeOut(): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const s = new PassThrough();
  s.on("data", (c: Buffer) => chunks.push(c.toString()));
  return Object.assign(s, { text: () => chunks.join("") }) as unknown as NodeJS.WriteStream & { text(): string };
}

export const workDir = (): string => mkdtempSync(join(tmpdir(), "bot-e2e-"));

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (!cond()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

/**
 * The simulator's own books, not the bot's: the cash its two accounts spent and the contracts they hold, each game's
 * holdings paid at the outcome that pays least (a Polymarket token pays with the Kalshi market it is the YES twin of,
 * its NO twin when that market does not; two pairs can name one token, paid once). What the bot's summary must say.
 */
export function venueWorstCaseMicros(
  control: SimControl,
  accounts: { readonly kalshiAccountId: string; readonly polymarketAddress: string },
  balanceMicros: number,
): number {
  const k = control.account(accounts.kalshiAccountId);
  const p = control.polymarketAccount(accounts.polymarketAddress);
  if (k === undefined || p === undefined) throw new Error("simulator accounts missing");
  const spent = balanceMicros - k.balanceMicros + (balanceMicros - p.balanceMicros);
  const tokens = new Map(p.tokens.map((t) => [t.tokenId, t.hundredths]));
  let payout = 0;
  for (const g of control.markets().games) {
    const byOutcome = g.kalshi.markets.map(({ outcome: winner }) => {
      const paid = new Set<string>();
      let sum = 0;
      for (const m of g.kalshi.markets) {
        const kp = k.positions.find((x) => x.ticker === m.ticker);
        const yesWins = m.outcome === winner;
        sum += (yesWins ? kp?.yesHundredths : kp?.noHundredths) ?? 0;
        const token = m.polymarket === undefined ? undefined : yesWins ? m.polymarket.yesTokenId : m.polymarket.noTokenId;
        if (token === undefined || paid.has(token)) continue;
        paid.add(token);
        sum += tokens.get(token) ?? 0;
      }
      return sum;
    });
    if (byOutcome.length > 0) payout += Math.min(...byOutcome) * 10_000;
  }
  return payout - spent;
}
