import { closeSync, fchmodSync, openSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LEG_KALSHI_YES, LEG_POLY_YES } from "@arb/domain";
import { type ArbRow, type FillRow, type Ledger, type OrderRow, holdingOf, parseHolding } from "@arb/execution";

/**
 * `bot export --csv`: a run's fills and arbs from its ledger as CSV (RFC 4180), for spreadsheets and tax records.
 * Amounts are the ledger's integers written out with their decimal point placed by string arithmetic: a float would
 * round, and these figures go to the tax office. Markets and outcomes are named as the venue names them (a
 * Polymarket market under its inverted key is its condition id, the token on the venue's own side), as in
 * `bot positions`, so the rows match the venue's own statements.
 */

/** Bad export input, as one line (exit 2). */
export class ExportError extends Error {
  readonly code = "EXPORT_REFUSED";
}

const TABLES = ["fills", "arbs"] as const;
export type Table = (typeof TABLES)[number];

/** An integer count of 10^-`digits` as a decimal, exact: 4500 at 4 digits → "0.4500", −5 at 6 → "-0.000005". */
export function fixed(value: number, digits: number): string {
  // Beyond 2^53 the integer itself is already rounded: refuse it rather than print a figure that looks exact.
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an exact integer: ${value}`);
  const d = String(Math.abs(value)).padStart(digits + 1, "0");
  return `${value < 0 ? "-" : ""}${d.slice(0, -digits)}.${d.slice(-digits)}`;
}

/** Micros (1e-6 $) as dollars. */
export const usd = (micros: number): string => fixed(micros, 6);
/** Price units (1/10 000 $) as dollars. */
export const priceUsd = (units: number): string => fixed(units, 4);
/** Hundredths of a contract as contracts. */
export const contracts = (hundredths: number): string => fixed(hundredths, 2);

const iso = (ms: number): string => new Date(ms).toISOString();

/** One field: quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Records end in CRLF, as RFC 4180 has them. */
const csv = (rows: readonly (readonly string[])[]): string => rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");

const FILL_HEADER = [
  "time",
  "venue",
  "market",
  "pair",
  "outcome",
  "side",
  "price_usd",
  "contracts",
  "fee_usd",
  "cash_usd",
  "liquidity",
  "client_order_id",
  "venue_order_id",
  "fill_id",
  "reversed",
] as const;

/**
 * The ledger books every fill as buying the outcome it leaves held, at that outcome's price (a Kalshi sale of YES at
 * 0.60 is NO held at 0.40): `outcome` and `price_usd` are that, so price × contracts + fee = −cash on every row;
 * `side` is the order the venue was sent ("sell YES"), which is how the trader placed it (empty for a fill whose order
 * the ledger lacks: the fill alone does not say whether it was bought or sold).
 */
function fillsCsv(fills: readonly FillRow[], orders: readonly OrderRow[]): string {
  const byId = new Map(orders.map((o) => [o.clientOrderId, o]));
  const rows = fills.map((f) => {
    const held = parseHolding(holdingOf(f.venue, f.market, f.leg === LEG_KALSHI_YES || f.leg === LEG_POLY_YES ? "yes" : "no"));
    const o = byId.get(f.clientOrderId);
    // An order's outcome is named in its market key's orientation: turned to the venue's like the holding.
    const side = o === undefined ? "" : `${o.action} ${parseHolding(holdingOf(o.venue, o.market, o.outcome)).side.toUpperCase()}`;
    return [
      iso(f.tsMs),
      f.venue,
      held.market,
      String(f.pair),
      held.side.toUpperCase(),
      side,
      priceUsd(f.priceUnits),
      contracts(f.sizeHundredths),
      usd(f.feeMicros),
      usd(f.cashMicros),
      f.isTaker ? "taker" : "maker",
      f.clientOrderId,
      f.venueOrderId,
      f.fillId,
      f.reversedMs === undefined ? "" : iso(f.reversedMs),
    ];
  });
  return csv([FILL_HEADER, ...rows]);
}

const ARB_HEADER = [
  "arb_id",
  "created",
  "closed",
  "type",
  "pair",
  "status",
  "planned_contracts",
  "expected_profit_usd",
  "locked_pnl_usd",
  "unwind_loss_usd",
  "legs",
] as const;

/** Legs as `venue:market:outcome` joined with `|`, the venue's naming as for fills. */
function arbsCsv(arbs: readonly ArbRow[], orders: readonly OrderRow[]): string {
  const rows = arbs.map((a) => {
    // Arbs from before the ledger kept their legs have none stored: their entry orders name them.
    const legs = a.legs.length > 0 ? a.legs : orders.filter((o) => o.arbId === a.arbId && o.role === "entry");
    return [
      a.arbId,
      iso(a.createdMs),
      a.closedMs === undefined ? "" : iso(a.closedMs),
      a.type,
      String(a.pair),
      a.status,
      contracts(a.plannedHundredths),
      usd(a.expectedProfitMicros),
      usd(a.pnlMicros),
      usd(a.unwindLossMicros),
      legs.map((l) => holdingOf(l.venue, l.market, l.outcome)).join("|"),
    ];
  });
  return csv([ARB_HEADER, ...rows]);
}

/** Writes `text` to `path` owner-only, like the bot's other data files: trades are nobody else's business. */
function writeOwnerOnly(path: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(path, "w", 0o600);
  } catch (err) {
    throw new ExportError(`--out ${path}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    // The mode given to open applies only to a new file: an earlier export may have been left readable by others.
    fchmodSync(fd, 0o600);
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** The tables asked for: `--csv` is required (the one format, named so that another can come), `--what` one of three. */
export function tablesOf(o: { readonly csv?: boolean; readonly what: string }): readonly Table[] {
  if (o.csv !== true) throw new ExportError("export writes CSV only: add --csv");
  if (o.what === "both") return TABLES;
  if (o.what === "fills" || o.what === "arbs") return [o.what];
  throw new ExportError(`--what ${o.what}: fills, arbs or both`);
}

/**
 * The export: each table asked for, read from `ledger`. Without `out`, the CSV goes to `stdout` (tables one after
 * the other, a blank line between); `out` a folder: `fills.csv` / `arbs.csv` in it; any other `out`: a file with what
 * stdout would get. Returns a line per file written, for the operator.
 */
export function runExport(
  ledger: Ledger,
  o: { readonly tables: readonly Table[]; readonly out: string | undefined; readonly stdout: { write(s: string): unknown } },
): string[] {
  const orders = ledger.orders();
  const tables = o.tables.map((table) => {
    if (table === "fills") {
      const fills = ledger.fills();
      return { table, count: fills.length, text: fillsCsv(fills, orders) };
    }
    const arbs = ledger.arbs();
    return { table, count: arbs.length, text: arbsCsv(arbs, orders) };
  });
  const out = o.out;
  if (out === undefined) {
    o.stdout.write(tables.map((t) => t.text).join("\r\n"));
    return [];
  }
  if (isFolder(out)) {
    return tables.map((t) => {
      const path = join(out, `${t.table}.csv`);
      writeOwnerOnly(path, t.text);
      return `${t.count} ${t.table} → ${path}`;
    });
  }
  writeOwnerOnly(out, tables.map((t) => t.text).join("\r\n"));
  return [`${tables.map((t) => `${t.count} ${t.table}`).join(", ")} → ${out}`];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
