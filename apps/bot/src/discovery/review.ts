import type { PairCandidate } from "./match.js";

export type ReviewAnswer = "accept" | "reject" | "skip" | "quit";

const wrap = (text: string, width: number): string[] => {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      if (line.length + word.length + 1 > width && line !== "") {
        out.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out;
};

/** Pure: one candidate with both venues side by side (titles, outcomes, rules), its score, reasons and flags. */
export function renderCandidate(c: PairCandidate, index: number, total: number, width = 120): string {
  const col = Math.max(30, Math.floor((width - 3) / 2));
  const left = [
    "KALSHI",
    c.kalshi.ticker,
    c.kalshi.title,
    `YES = ${c.kalshi.yesSubTitle} (${c.kalshi.yesPays === "TIE" ? "draw" : c.kalshi.yesPays})`,
    "",
    "Rules:",
    ...wrap(c.kalshi.rules === "" ? "(none given)" : c.kalshi.rules, col),
  ];
  const right = [
    "POLYMARKET",
    c.polymarket.conditionId.length > col ? `${c.polymarket.conditionId.slice(0, col - 1)}…` : c.polymarket.conditionId,
    `${c.polymarket.title} — ${c.polymarket.question}`.slice(0, col),
    `same as Kalshi YES: "${c.polymarket.yesLabel}" · NO: "${c.polymarket.noLabel}"`.slice(0, col),
    "",
    "Rules:",
    ...wrap(c.polymarket.rules === "" ? "(none given)" : c.polymarket.rules, col),
  ];
  const rows = Math.max(left.length, right.length);
  const lines = [
    `── pair ${index + 1}/${total} · ${c.league} · ${new Date(c.startMs).toISOString().slice(0, 16)}Z · confidence ${c.confidence.toFixed(2)} · suggested: ${c.decision}`,
  ];
  for (let i = 0; i < rows; i++) lines.push(`${(left[i] ?? "").slice(0, col).padEnd(col)} │ ${(right[i] ?? "").slice(0, col)}`);
  lines.push("Reasons:", ...c.reasons.map((r) => `  + ${r}`));
  if (c.flags.length > 0) lines.push(`UNSAFE: ${c.flags.join(", ")}`);
  return lines.join("\n");
}

/** Pure: reads a reviewer's keystroke line; unsafe pairs need the full word so a reflexive "a" cannot accept them. */
export function parseAnswer(line: string, unsafe: boolean): ReviewAnswer | undefined {
  const a = line.trim().toLowerCase();
  if (a === "accept" || (!unsafe && a === "a")) return "accept";
  if (a === "r" || a === "reject") return "reject";
  if (a === "s" || a === "skip" || a === "") return "skip";
  if (a === "q" || a === "quit") return "quit";
  return undefined;
}
