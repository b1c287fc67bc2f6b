import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../config/load.js";
import type { PairCandidate } from "./match.js";

/** One reviewed pair. Only `accepted` pairs trade; a rejection is remembered so it is not asked again. */
export const MappingEntry = z.object({
  id: z.string().min(1),
  status: z.enum(["accepted", "rejected"]),
  by: z.enum(["auto", "human"]),
  decidedAtMs: z.number().int(),
  league: z.string(),
  startMs: z.number().int(),
  confidence: z.number().min(0).max(1),
  kalshiTicker: z.string().min(1),
  /** Every market of the Kalshi event (mapping files written before it lack it: the game's worst case then allows
   *  for an outcome no market names). */
  eventMarkets: z.array(z.string().min(1)).optional(),
  conditionId: z.string().min(1),
  yesTokenId: z.string().min(1),
  noTokenId: z.string().min(1),
  /** The Polymarket outcomes of the two tokens, for a reader: both team markets of a game name one market, swapped. */
  yesLabel: z.string().optional(),
  noLabel: z.string().optional(),
  flags: z.array(z.string()),
  title: z.string(),
});
export type MappingEntry = z.infer<typeof MappingEntry>;

export const MappingFile = z.object({ version: z.literal(1), pairs: z.array(MappingEntry) });
export type MappingFile = z.infer<typeof MappingFile>;

export function entryOf(c: PairCandidate, status: MappingEntry["status"], by: MappingEntry["by"], nowMs: number): MappingEntry {
  return {
    id: c.id,
    status,
    by,
    decidedAtMs: nowMs,
    league: c.league,
    startMs: c.startMs,
    confidence: c.confidence,
    kalshiTicker: c.kalshi.ticker,
    eventMarkets: [...c.kalshi.eventMarkets],
    conditionId: c.polymarket.conditionId,
    yesTokenId: c.polymarket.yesTokenId,
    noTokenId: c.polymarket.noTokenId,
    yesLabel: c.polymarket.yesLabel,
    noLabel: c.polymarket.noLabel,
    flags: [...c.flags],
    title: `${c.kalshi.title} | ${c.polymarket.title}`,
  };
}

/** Pure: later decisions replace earlier ones of the same pair; order is kept stable by id. */
export function mergeEntries(old: readonly MappingEntry[], fresh: readonly MappingEntry[]): MappingEntry[] {
  const byId = new Map(old.map((e) => [e.id, e]));
  for (const e of fresh) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function readMappingFile(path: string): MappingFile {
  if (!existsSync(path)) return { version: 1, pairs: [] };
  // A damaged mapping file is bad input like a bad config: exit 2 naming the file, no stack trace.
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError([`${path}: not a pair mapping file (not JSON: ${(e as Error).message})`]);
  }
  const r = MappingFile.safeParse(value);
  if (!r.success) throw new ConfigError([`${path}: not a pair mapping file (${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message})`]);
  return r.data;
}

/** Written to a temporary name then renamed, so a crash never leaves half a mapping. */
export function writeMappingFile(path: string, file: MappingFile): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
