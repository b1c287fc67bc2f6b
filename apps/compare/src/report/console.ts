import type { Table } from "./tables.js";

/** Pure: a table as aligned plain text for the terminal. */
export function consoleTable(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [t.title, line(t.header), widths.map((w) => "-".repeat(w)).join("  "), ...t.rows.map(line), ""].join("\n");
}
