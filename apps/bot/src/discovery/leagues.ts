import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** One league's data file (`data/leagues/<key>.json`): adding a league is adding a file, not code. */
const LeagueFile = z.object({
  league: z.string().min(1),
  sport: z.enum(["basketball", "football", "hockey", "baseball", "soccer"]),
  /** Soccer: home / draw / away; the draw is a market of its own. */
  threeWay: z.boolean(),
  kalshiSeries: z.array(z.string().min(1)).min(1),
  polymarketTags: z.array(z.string().min(1)).min(1),
  /** Whether overtime / extra innings count toward the result (true for US leagues' moneylines). */
  overtimeDecides: z.boolean(),
  teams: z
    .array(
      z.object({
        code: z.string().regex(/^[A-Z0-9]{1,6}$/),
        city: z.string().min(1),
        nickname: z.string().min(1),
        aliases: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(2),
});
export type LeagueFile = z.infer<typeof LeagueFile>;

export interface League extends LeagueFile {
  readonly key: string;
  /** Normalized name → team codes it can mean; a name with two codes is ambiguous and resolves to nothing. */
  readonly names: ReadonlyMap<string, readonly string[]>;
}

const DEFAULT_LEAGUE_DIR = fileURLToPath(new URL("../../data/leagues/", import.meta.url));

/** Lower-case, accents and punctuation stripped, "&" read as "and": "Montréal Canadiens" → "montreal canadiens". */
export function normalizeName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Pure: the league with its name index built once. */
function buildLeague(key: string, file: LeagueFile): League {
  const names = new Map<string, string[]>();
  const add = (name: string, code: string) => {
    const n = normalizeName(name);
    if (n === "") return;
    const codes = names.get(n) ?? [];
    if (!codes.includes(code)) codes.push(code);
    names.set(n, codes);
  };
  for (const t of file.teams) {
    for (const n of [t.code, t.nickname, t.city, `${t.city} ${t.nickname}`, ...t.aliases]) add(n, t.code);
  }
  return { ...file, key, names };
}

/** Pure: the team code a name means in this league, or undefined when unknown or ambiguous. */
export function resolveTeam(league: League, name: string): string | undefined {
  const codes = league.names.get(normalizeName(name));
  return codes?.length === 1 ? codes[0] : undefined;
}

export class LeagueDataError extends Error {
  readonly code = "LEAGUE_DATA_INVALID";
}

/** The shell: every `<key>.json` in the directory (or only the keys asked for), each validated. */
export function loadLeagues(dir: string = DEFAULT_LEAGUE_DIR, only?: readonly string[]): League[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  const keys = files.map((f) => f.slice(0, -5)).filter((k) => only === undefined || only.includes(k));
  for (const k of only ?? []) if (!keys.includes(k)) throw new LeagueDataError(`no league file ${k}.json in ${dir}`);
  return keys.sort().map((key) => {
    const r = LeagueFile.safeParse(JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")));
    if (!r.success) throw new LeagueDataError(`${key}.json: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return buildLeague(key, r.data);
  });
}
