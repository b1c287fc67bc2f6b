import type { League } from "../scenario/schema.js";

/** How Polymarket names a team: the full name in titles, the nickname as a moneyline outcome. */
export interface PolymarketTeamName {
  readonly full: string;
  readonly nick: string;
  /** Lower-case slug code (Polymarket slugs such as "nba-lal-bos-2026-11-25"). */
  readonly slug: string;
}

const n = (full: string, nick: string, slug: string): PolymarketTeamName => ({ full, nick, slug });

/**
 * Keyed by the Kalshi team code of `teams.ts`. Kalshi says "Los Angeles L" and "LAL"; Polymarket says "Los Angeles
 * Lakers" and "Lakers", so matching the venues takes real work, as it does live.
 */
export const POLYMARKET_NAMES: Readonly<Record<League, Readonly<Record<string, PolymarketTeamName>>>> = {
  NBA: {
    LAL: n("Los Angeles Lakers", "Lakers", "lal"),
    BOS: n("Boston Celtics", "Celtics", "bos"),
    NYK: n("New York Knicks", "Knicks", "nyk"),
    GSW: n("Golden State Warriors", "Warriors", "gsw"),
    MIA: n("Miami Heat", "Heat", "mia"),
    DEN: n("Denver Nuggets", "Nuggets", "den"),
    PHX: n("Phoenix Suns", "Suns", "phx"),
    MIL: n("Milwaukee Bucks", "Bucks", "mil"),
  },
  NFL: {
    KC: n("Kansas City Chiefs", "Chiefs", "kc"),
    BUF: n("Buffalo Bills", "Bills", "buf"),
    PHI: n("Philadelphia Eagles", "Eagles", "phi"),
    DAL: n("Dallas Cowboys", "Cowboys", "dal"),
    SF: n("San Francisco 49ers", "49ers", "sf"),
    DET: n("Detroit Lions", "Lions", "det"),
    BAL: n("Baltimore Ravens", "Ravens", "bal"),
    GB: n("Green Bay Packers", "Packers", "gb"),
  },
  NHL: {
    TOR: n("Toronto Maple Leafs", "Maple Leafs", "tor"),
    MTL: n("Montréal Canadiens", "Canadiens", "mon"),
    BOS: n("Boston Bruins", "Bruins", "bos"),
    NYR: n("New York Rangers", "Rangers", "nyr"),
    EDM: n("Edmonton Oilers", "Oilers", "edm"),
    COL: n("Colorado Avalanche", "Avalanche", "col"),
    VGK: n("Vegas Golden Knights", "Golden Knights", "vgk"),
    FLA: n("Florida Panthers", "Panthers", "fla"),
  },
  MLB: {
    NYY: n("New York Yankees", "Yankees", "nyy"),
    LAD: n("Los Angeles Dodgers", "Dodgers", "lad"),
    BOS: n("Boston Red Sox", "Red Sox", "bos"),
    HOU: n("Houston Astros", "Astros", "hou"),
    ATL: n("Atlanta Braves", "Braves", "atl"),
    CHC: n("Chicago Cubs", "Cubs", "chc"),
    SEA: n("Seattle Mariners", "Mariners", "sea"),
    SD: n("San Diego Padres", "Padres", "sd"),
  },
  EPL: {
    ARS: n("Arsenal FC", "Arsenal", "ars"),
    LIV: n("Liverpool FC", "Liverpool", "liv"),
    MCI: n("Manchester City FC", "Man City", "mac"),
    CHE: n("Chelsea FC", "Chelsea", "che"),
    TOT: n("Tottenham Hotspur FC", "Spurs", "tot"),
    MUN: n("Manchester United FC", "Man United", "mun"),
    NEW: n("Newcastle United FC", "Newcastle", "new"),
    AVL: n("Aston Villa FC", "Aston Villa", "avl"),
  },
  MLS: {
    LAG: n("LA Galaxy", "Galaxy", "lag"),
    LAFC: n("Los Angeles FC", "LAFC", "lafc"),
    MIA: n("Inter Miami CF", "Inter Miami", "mia"),
    SEA: n("Seattle Sounders FC", "Sounders", "sea"),
    ATL: n("Atlanta United FC", "Atlanta United", "atl"),
    NYC: n("New York City FC", "NYCFC", "nyc"),
    CLB: n("Columbus Crew", "Crew", "clb"),
    CIN: n("FC Cincinnati", "Cincinnati", "cin"),
  },
  NCAAF: {
    ALA: n("Alabama Crimson Tide", "Alabama", "ala"),
    UGA: n("Georgia Bulldogs", "Georgia", "uga"),
    OSU: n("Ohio State Buckeyes", "Ohio State", "osu"),
    MICH: n("Michigan Wolverines", "Michigan", "mich"),
    TEX: n("Texas Longhorns", "Texas", "tex"),
    ORE: n("Oregon Ducks", "Oregon", "ore"),
    LSU: n("LSU Tigers", "LSU", "lsu"),
    ND: n("Notre Dame Fighting Irish", "Notre Dame", "nd"),
  },
  NCAAMB: {
    DUKE: n("Duke Blue Devils", "Duke", "duke"),
    UNC: n("North Carolina Tar Heels", "North Carolina", "unc"),
    KU: n("Kansas Jayhawks", "Kansas", "kan"),
    UK: n("Kentucky Wildcats", "Kentucky", "uk"),
    GONZ: n("Gonzaga Bulldogs", "Gonzaga", "gonz"),
    UCONN: n("UConn Huskies", "UConn", "conn"),
    PUR: n("Purdue Boilermakers", "Purdue", "pur"),
    HOU: n("Houston Cougars", "Houston", "hou"),
  },
};

/** Polymarket's league tag slugs. */
export const POLYMARKET_LEAGUE_TAGS: Readonly<Record<League, { readonly id: string; readonly slug: string; readonly label: string }>> = {
  NBA: { id: "745", slug: "nba", label: "NBA" },
  NFL: { id: "450", slug: "nfl", label: "NFL" },
  NHL: { id: "899", slug: "nhl", label: "NHL" },
  MLB: { id: "100381", slug: "mlb", label: "MLB" },
  EPL: { id: "82", slug: "epl", label: "EPL" },
  MLS: { id: "100100", slug: "mls", label: "MLS" },
  NCAAF: { id: "100351", slug: "cfb", label: "College Football" },
  NCAAMB: { id: "100149", slug: "cbb", label: "College Basketball" },
};
