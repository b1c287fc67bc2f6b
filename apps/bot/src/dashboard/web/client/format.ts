/** Text for the page's tables: HTML-escaped, money and prices from integer units. */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export const esc = (s: unknown): string => String(s).replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);

/** 1e-6 $ → "$1.234567" (exact: integer arithmetic, no float rounding). */
export const money = (micros: number): string =>
  `${micros < 0 ? "-" : ""}$${Math.floor(Math.abs(micros) / 1e6)}.${String(Math.abs(micros) % 1e6).padStart(6, "0")}`;

/** 1/10 000 $ → "0.4200"; null (no ask) → "—". */
export const price = (units: number | null): string => (units === null ? "—" : (units / 10_000).toFixed(4));
