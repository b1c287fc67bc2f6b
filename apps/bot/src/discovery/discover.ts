import { createInterface } from "node:readline/promises";
import type { Logger } from "pino";
import type { Config } from "../config/schema.js";
import { fetchListings } from "./fetch.js";
import { type League, loadLeagues } from "./leagues.js";
import { type MappingEntry, entryOf, mergeEntries, readMappingFile, writeMappingFile } from "./mapping-file.js";
import { type PairCandidate, matchGames } from "./match.js";
import { parseAnswer, renderCandidate } from "./review.js";

export interface DiscoveryOutcome {
  readonly candidates: readonly PairCandidate[];
  /** Accepted pairs of this discovery that are still listed: what trades. */
  readonly accepted: readonly MappingEntry[];
  readonly rejected: number;
  readonly pending: number;
  readonly unmatchedKalshi: readonly string[];
  readonly problems: readonly string[];
}

export interface DiscoveryRun {
  readonly config: Config;
  readonly kalshiRestUrl: string;
  readonly gammaUrl: string;
  readonly interactive: boolean;
  readonly mappingPath: string;
  readonly logger: Logger;
  readonly now: () => number;
  readonly leagues?: readonly League[];
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

/**
 * Fetches both venues' listings, matches them, and records decisions in the mapping file: non-interactive accepts
 * only safe pairs at or above the threshold (and remembers the unsafe as rejected); interactive asks for each pair
 * a human has not decided yet. A human's earlier decision always stands.
 */
export async function discover(r: DiscoveryRun): Promise<DiscoveryOutcome> {
  const leagues = r.leagues ?? loadLeagues(undefined, r.config.discovery.leagues);
  const listings = await fetchListings({ kalshiRestUrl: r.kalshiRestUrl, gammaUrl: r.gammaUrl, leagues, logger: r.logger });
  for (const p of listings.problems) r.logger.warn({ problem: p }, "discovery request failed");
  const result = matchGames(listings.kalshi, listings.polymarket, r.config.discovery);
  const file = readMappingFile(r.mappingPath);
  const human = new Map(file.pairs.filter((e) => e.by === "human").map((e) => [e.id, e]));
  const fresh: MappingEntry[] = [];
  const todo = result.candidates.filter((c) => !human.has(c.id));
  if (r.interactive) {
    const rl = createInterface({ input: r.input ?? process.stdin, output: r.output ?? process.stdout });
    const out = r.output ?? process.stdout;
    try {
      for (const [i, c] of todo.entries()) {
        out.write(`\n${renderCandidate(c, i, todo.length, (process.stdout.columns ?? 120) - 1)}\n`);
        let answer: ReturnType<typeof parseAnswer>;
        do {
          answer = parseAnswer(
            await rl.question(c.flags.length > 0 ? "[accept (type the word) / r]eject / [s]kip / [q]uit > " : "[a]ccept / [r]eject / [s]kip / [q]uit > "),
            c.flags.length > 0,
          );
        } while (answer === undefined);
        if (answer === "quit") break;
        if (answer !== "skip") fresh.push(entryOf(c, answer === "accept" ? "accepted" : "rejected", "human", r.now()));
      }
    } finally {
      rl.close();
    }
  } else {
    for (const c of todo) {
      if (c.decision === "accept") fresh.push(entryOf(c, "accepted", "auto", r.now()));
      else if (c.decision === "reject") fresh.push(entryOf(c, "rejected", "auto", r.now()));
    }
  }
  const merged = mergeEntries(file.pairs, fresh);
  writeMappingFile(r.mappingPath, { version: 1, pairs: merged });
  const listed = new Set(result.candidates.map((c) => c.id));
  const accepted = merged.filter((e) => e.status === "accepted" && listed.has(e.id));
  const rejected = merged.filter((e) => e.status === "rejected" && listed.has(e.id)).length;
  for (const c of result.candidates) {
    r.logger.info(
      {
        event: "pair.discovered",
        id: c.id,
        league: c.league,
        confidence: c.confidence,
        decision: c.decision,
        flags: c.flags,
        yes: c.polymarket.yesLabel,
        no: c.polymarket.noLabel,
        yesIndex: c.polymarket.yesIndex,
      },
      `${c.kalshi.ticker} YES = Polymarket "${c.polymarket.yesLabel}" of ${c.polymarket.conditionId}: ${c.decision}`,
    );
  }
  return {
    candidates: result.candidates,
    accepted,
    rejected,
    pending: result.candidates.length - accepted.length - rejected,
    unmatchedKalshi: result.unmatchedKalshi,
    problems: listings.problems,
  };
}
