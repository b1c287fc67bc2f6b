import type { League } from "./leagues.js";

/** A resolution-rule difference that can make the two venues pay differently on the same game. */
export type RuleFlag = "overtime" | "draw" | "postponement" | "settlement-source";

type Treatment = "regulation-only" | "includes-overtime" | "unspecified";
type Settle = "half" | "void" | "no" | "unspecified";

function overtimeOf(text: string): Treatment {
  const t = text.toLowerCase();
  if (/includ\w* (any )?(overtime|extra innings|extra time|shootout)|overtime (and shootouts? )?(count|included)/.test(t)) return "includes-overtime";
  if (/\bregulation\b|end of (the )?(4th|fourth|3rd|third|9th|ninth) (quarter|period|inning)|90 minutes/.test(t)) return "regulation-only";
  return "unspecified";
}

function settleOf(text: string, about: RegExp): Settle {
  for (const sentence of text.toLowerCase().split(/(?<=[.;])\s+/)) {
    if (!about.test(sentence)) continue;
    if (/50-50|fifty|0\.5|\$0\.50|half/.test(sentence)) return "half";
    if (/void|refund|cancel/.test(sentence)) return "void";
    if (/resolves? (to )?["“]?no/.test(sentence)) return "no";
  }
  return "unspecified";
}

/** Named settlement sources (domains and "official … website" phrases); none named means unspecified. */
function sourcesOf(text: string): Set<string> {
  const t = text.toLowerCase();
  const found = new Set<string>();
  for (const m of t.matchAll(/\b([a-z0-9-]+\.(?:com|org|net|co\.uk|es))\b/g)) if (m[1] !== undefined) found.add(m[1]);
  return found;
}

/**
 * Pure: what differs between the two venues' rules for the same market. Unspecified on one side is not a difference
 * (the venue's general sports rules apply); the reviewer still sees both texts.
 */
export function compareRules(league: League, kalshiRules: string, polyRules: string): RuleFlag[] {
  const flags: RuleFlag[] = [];
  const ko = overtimeOf(kalshiRules);
  const po = overtimeOf(polyRules);
  if (ko !== "unspecified" && po !== "unspecified" && ko !== po) flags.push("overtime");
  else if (league.overtimeDecides && (ko === "regulation-only" || po === "regulation-only")) flags.push("overtime");
  const kd = settleOf(kalshiRules, /\b(draw|tie|tied)\b/);
  const pd = settleOf(polyRules, /\b(draw|tie|tied)\b/);
  if (kd !== "unspecified" && pd !== "unspecified" && kd !== pd) flags.push("draw");
  const kp = settleOf(kalshiRules, /postpone|cancel|abandon|suspend/);
  const pp = settleOf(polyRules, /postpone|cancel|abandon|suspend/);
  if (kp !== "unspecified" && pp !== "unspecified" && kp !== pp) flags.push("postponement");
  const ks = sourcesOf(kalshiRules);
  const ps = sourcesOf(polyRules);
  if (ks.size > 0 && ps.size > 0 && ![...ks].some((s) => ps.has(s))) flags.push("settlement-source");
  return flags;
}
