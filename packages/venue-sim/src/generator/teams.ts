import type { League } from "../scenario/schema.js";

export interface Team {
  readonly code: string;
  readonly name: string;
}

export interface LeagueInfo {
  readonly series: string;
  /** Soccer lists a tie market beside the two team markets. */
  readonly hasTie: boolean;
  readonly teams: readonly Team[];
}

const t = (code: string, name: string): Team => ({ code, name });

/** Series tickers follow Kalshi's sports game series (KXNBAGAME, KXEPLGAME, …). */
export const LEAGUE_INFO: Readonly<Record<League, LeagueInfo>> = {
  NBA: {
    series: "KXNBAGAME",
    hasTie: false,
    teams: [
      t("LAL", "Los Angeles L"),
      t("BOS", "Boston"),
      t("NYK", "New York K"),
      t("GSW", "Golden State"),
      t("MIA", "Miami"),
      t("DEN", "Denver"),
      t("PHX", "Phoenix"),
      t("MIL", "Milwaukee"),
    ],
  },
  NFL: {
    series: "KXNFLGAME",
    hasTie: false,
    teams: [
      t("KC", "Kansas City"),
      t("BUF", "Buffalo"),
      t("PHI", "Philadelphia"),
      t("DAL", "Dallas"),
      t("SF", "San Francisco"),
      t("DET", "Detroit"),
      t("BAL", "Baltimore"),
      t("GB", "Green Bay"),
    ],
  },
  NHL: {
    series: "KXNHLGAME",
    hasTie: false,
    teams: [
      t("TOR", "Toronto"),
      t("MTL", "Montreal"),
      t("BOS", "Boston"),
      t("NYR", "New York R"),
      t("EDM", "Edmonton"),
      t("COL", "Colorado"),
      t("VGK", "Vegas"),
      t("FLA", "Florida"),
    ],
  },
  MLB: {
    series: "KXMLBGAME",
    hasTie: false,
    teams: [
      t("NYY", "New York Y"),
      t("LAD", "Los Angeles D"),
      t("BOS", "Boston"),
      t("HOU", "Houston"),
      t("ATL", "Atlanta"),
      t("CHC", "Chicago C"),
      t("SEA", "Seattle"),
      t("SD", "San Diego"),
    ],
  },
  EPL: {
    series: "KXEPLGAME",
    hasTie: true,
    teams: [
      t("ARS", "Arsenal"),
      t("LIV", "Liverpool"),
      t("MCI", "Manchester City"),
      t("CHE", "Chelsea"),
      t("TOT", "Tottenham"),
      t("MUN", "Manchester United"),
      t("NEW", "Newcastle"),
      t("AVL", "Aston Villa"),
    ],
  },
  MLS: {
    series: "KXMLSGAME",
    hasTie: true,
    teams: [
      t("LAG", "LA Galaxy"),
      t("LAFC", "Los Angeles FC"),
      t("MIA", "Inter Miami"),
      t("SEA", "Seattle"),
      t("ATL", "Atlanta United"),
      t("NYC", "New York City"),
      t("CLB", "Columbus"),
      t("CIN", "Cincinnati"),
    ],
  },
  NCAAF: {
    series: "KXNCAAFGAME",
    hasTie: false,
    teams: [
      t("ALA", "Alabama"),
      t("UGA", "Georgia"),
      t("OSU", "Ohio St."),
      t("MICH", "Michigan"),
      t("TEX", "Texas"),
      t("ORE", "Oregon"),
      t("LSU", "LSU"),
      t("ND", "Notre Dame"),
    ],
  },
  NCAAMB: {
    series: "KXNCAAMBGAME",
    hasTie: false,
    teams: [
      t("DUKE", "Duke"),
      t("UNC", "North Carolina"),
      t("KU", "Kansas"),
      t("UK", "Kentucky"),
      t("GONZ", "Gonzaga"),
      t("UCONN", "UConn"),
      t("PUR", "Purdue"),
      t("HOU", "Houston"),
    ],
  },
};
