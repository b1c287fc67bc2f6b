import type { Table } from "./tables.js";
import type { ReportDoc } from "./document.js";

const esc = (s: string): string => s.replaceAll("|", "\\|");

function markdownTable(t: Table): string {
  return [
    `### ${t.title}`,
    "",
    t.note,
    "",
    `| ${t.header.map(esc).join(" | ")} |`,
    `|${t.header.map(() => "---").join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
    "",
  ].join("\n");
}

/** Pure: the committed results file. */
export function renderMarkdown(doc: ReportDoc): string {
  const m = doc.meta;
  return [
    `# ${m.title}`,
    "",
    `${m.date} · \`${m.command}\``,
    "",
    `**Machine**: ${m.machine}`,
    "",
    "## Contenders",
    "",
    ...m.contenders.map((c) => `- **${c.name}**: ${c.about} — ${c.source}`),
    "",
    "## Results",
    "",
    ...doc.tables.map(markdownTable),
    "## What is not fair, stated plainly",
    "",
    ...m.unfairness.map((u) => `- ${u}`),
    "",
    ...(m.notes.length > 0 ? ["## Notes", "", ...m.notes.map((n) => `- ${n}`), ""] : []),
    "The HTML report beside this file has the plots (latency CDF per contender, hit rate by edge, per-window timeline, CPU / RSS over time) and the raw JSON of every run.",
    "",
  ].join("\n");
}
