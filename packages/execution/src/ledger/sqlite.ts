import { randomBytes } from "node:crypto";
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import type { VenueId } from "@arb/domain";
import type { TimeInForce } from "@arb/venues";
import type { BreakerState } from "../core/breaker.js";
import type { Alert } from "../events.js";
import type { OrderLifecycle } from "../core/order-fsm.js";
import { holdingOf, parseHolding } from "../core/holdings.js";
import { isYesLeg } from "../core/positions.js";
import type { ArbRow, ArbStatus, FillRow, LedgerWrite, OrderRole, OrderRow, PendingLeg } from "../core/state.js";
import { MIGRATIONS } from "./migrations.js";
import { z } from "zod";
import { PairSpec } from "../config.js";

/**
 * The ledger: better-sqlite3 in WAL mode, numbered migrations, prepared statements, integers only. Each step's
 * writes commit in one transaction before any of its orders is sent. `synchronous = NORMAL` in WAL mode: a commit
 * is a write into the WAL, which is in the OS page cache when `apply` returns, so a killed or crashed process loses
 * nothing (test/crash.it.test.ts SIGKILLs one); only an OS crash or power loss can drop the last commits, and an
 * fsync per commit (FULL: ~4× the pre-send commit here) would sit on the path from opportunity to order. Pass
 * `durability: "full"` where power loss must be covered too.
 *
 * A step that places orders does not wait for SQLite at all: its writes are appended as one line to an order
 * journal beside the database (`stage`, a single write(2); fdatasync too under "full"), the orders go out, and the
 * same writes commit to SQLite right after, in the same synchronous turn (`commitStaged`), before any venue answer
 * can be handled. The journal line is what makes "on disk before sent" true; the owner's `recoverJournal` at start
 * commits any staged batch a crash left uncommitted (a batch's sequence number commits with it, so none is applied
 * twice) and empties the journal.
 */

export interface LedgerOptions {
  readonly path: string;
  readonly durability?: "normal" | "full";
  /** The order journal (default: `<path>.journal`). */
  readonly journalPath?: string;
}

/** Journal lines are dropped once committed, when the file has grown past this. */
const JOURNAL_TRUNCATE_BYTES = 1 << 20;
const JOURNAL_SEQ = "journal_seq";
/** A journal an older version staged spells the lifecycle "cancelled" (migration 4 respells the tables). */
const respell = (key: string, value: unknown): unknown => (value === "cancelled" && (key === "status" || key === "from" || key === "to") ? "canceled" : value);
/** A random id the database gets once; journal lines carry it, so a journal is never replayed into another ledger. */
const LEDGER_ID = "ledger_id";
/** The pair set of the last run that started on this ledger: what `bot positions` values its holdings by game with. */
const PAIR_SPECS = "pair_specs";

/** What is held in one venue market on one side (the venue's orientation), with its cost basis. */
export interface HoldingRow {
  readonly venue: VenueId;
  readonly market: string;
  readonly side: "yes" | "no";
  readonly contractsHundredths: number;
  readonly costMicros: number;
  readonly feesMicros: number;
}

export interface DailyPnlRow {
  readonly day: number;
  readonly lockedProfitMicros: number;
  readonly realizedPnlMicros: number;
  readonly unwindLossMicros: number;
  readonly feesMicros: number;
}

export interface BreakerEventRow {
  readonly tsMs: number;
  readonly kind: "breaker.tripped" | "breaker.reset";
  readonly reason: string;
  readonly detail: string;
  readonly untilMs: number | undefined;
}

type Row = Record<string, number | string | null>;

const n = (v: number | string | null | undefined): number => Number(v ?? 0);
const s = (v: number | string | null | undefined): string => String(v ?? "");
const opt = (v: number | string | null | undefined): string | undefined => (v === null || v === undefined ? undefined : String(v));

function orderFrom(r: Row): OrderRow {
  return {
    clientOrderId: s(r["client_order_id"]),
    arbId: s(r["arb_id"]),
    role: s(r["role"]) as OrderRole,
    venue: s(r["venue"]) as VenueId,
    market: s(r["market"]),
    pair: n(r["pair"]),
    leg: n(r["leg"]),
    outcome: s(r["outcome"]) as "yes" | "no",
    action: s(r["action"]) as "buy" | "sell",
    priceUnits: n(r["price_units"]),
    sizeHundredths: n(r["size_hundredths"]),
    timeInForce: s(r["time_in_force"]) as TimeInForce,
    status: s(r["status"]) as OrderLifecycle,
    venueOrderId: opt(r["venue_order_id"]),
    filledHundredths: n(r["filled_hundredths"]),
    venueFilledHundredths: n(r["venue_filled_hundredths"]),
    costMicros: n(r["cost_micros"]),
    feeMicros: n(r["fee_micros"]),
    cancelRequested: n(r["cancel_requested"]) === 1,
    errorCode: opt(r["error_code"]),
    createdMs: n(r["created_ms"]),
    updatedMs: n(r["updated_ms"]),
  };
}

function arbFrom(r: Row): ArbRow {
  const pending = opt(r["pending_second"]);
  const closed = r["closed_ms"];
  const legs = opt(r["legs"]);
  return {
    arbId: s(r["arb_id"]),
    pair: n(r["pair"]),
    // Arbs from before the legs were kept get them from their orders at load (`legs` empty here).
    eventId: s(r["event_id"]),
    legs: legs === undefined ? [] : (JSON.parse(legs) as ArbRow["legs"]),
    type: s(r["type"]) as ArbRow["type"],
    mode: s(r["mode"]) as ArbRow["mode"],
    plannedHundredths: n(r["planned_hundredths"]),
    expectedProfitMicros: n(r["expected_profit_micros"]),
    status: s(r["status"]) as ArbStatus,
    pendingSecond: pending === undefined ? undefined : (JSON.parse(pending) as PendingLeg),
    resolveAttempts: n(r["resolve_attempts"]),
    pnlMicros: n(r["pnl_micros"]),
    unwindLossMicros: n(r["unwind_loss_micros"]),
    createdMs: n(r["created_ms"]),
    deadlineMs: n(r["deadline_ms"]),
    closedMs: closed === null || closed === undefined ? undefined : n(closed),
  };
}

function fillFrom(r: Row): FillRow {
  return {
    venue: s(r["venue"]) as VenueId,
    fillId: s(r["fill_id"]),
    clientOrderId: s(r["client_order_id"]),
    venueOrderId: s(r["venue_order_id"]),
    market: s(r["market"]),
    pair: n(r["pair"]),
    leg: n(r["leg"]),
    priceUnits: n(r["price_units"]),
    sizeHundredths: n(r["size_hundredths"]),
    feeMicros: n(r["fee_micros"]),
    cashMicros: n(r["cash_micros"]),
    isTaker: n(r["is_taker"]) === 1,
    tsMs: n(r["ts_ms"]),
    ...(r["reversed_ms"] !== null && r["reversed_ms"] !== undefined && { reversedMs: n(r["reversed_ms"]) }),
  };
}

export class Ledger {
  readonly db: Database.Database;
  private readonly st;
  private readonly applyAll: (writes: readonly LedgerWrite[]) => void;
  private readonly applyBatch: (seq: number, writes: readonly LedgerWrite[]) => void;
  private readonly journalPath: string;
  private readonly fullSync: boolean;
  private journalFd: number | undefined;
  private journalSeq = 0;
  private readonly ledgerId: string;
  private staged: { readonly seq: number; readonly writes: readonly LedgerWrite[] } | undefined;

  constructor(options: LedgerOptions) {
    this.journalPath = options.journalPath ?? `${options.path}.journal`;
    this.fullSync = options.durability === "full";
    this.db = new Database(options.path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
    this.db.pragma("foreign_keys = ON");
    this.migrate();
    if (this.meta(LEDGER_ID) === undefined) this.setMeta(LEDGER_ID, randomBytes(8).toString("hex"));
    this.ledgerId = this.meta(LEDGER_ID) ?? "";
    const db = this.db;
    this.st = {
      // Positional parameters: binding 22 named ones costs more than the insert on the pre-send path.
      order: db.prepare(`INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_order_id) DO UPDATE SET status = excluded.status, venue_order_id = excluded.venue_order_id,
        filled_hundredths = excluded.filled_hundredths, venue_filled_hundredths = excluded.venue_filled_hundredths,
        cost_micros = excluded.cost_micros, fee_micros = excluded.fee_micros, cancel_requested = excluded.cancel_requested,
        error_code = excluded.error_code, updated_ms = excluded.updated_ms`),
      orderEvent: db.prepare("INSERT INTO order_events (client_order_id, from_status, to_status, input, detail, ts_ms) VALUES (?, ?, ?, ?, ?, ?)"),
      fill: db.prepare(`INSERT OR IGNORE INTO fills (venue, fill_id, client_order_id, venue_order_id, market, pair, leg, price_units,
        size_hundredths, fee_micros, cash_micros, is_taker, ts_ms) VALUES (@venue, @fillId, @clientOrderId, @venueOrderId, @market, @pair, @leg,
        @priceUnits, @sizeHundredths, @feeMicros, @cashMicros, @isTaker, @tsMs)`),
      reverseFill: db.prepare("UPDATE fills SET reversed_ms = ? WHERE venue = ? AND fill_id = ? AND reversed_ms IS NULL"),
      holding: db.prepare(`INSERT INTO holdings VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (venue, market, side) DO UPDATE SET
        contracts_hundredths = contracts_hundredths + excluded.contracts_hundredths, cost_micros = cost_micros + excluded.cost_micros,
        fees_micros = fees_micros + excluded.fees_micros`),
      dropEmptyHoldings: db.prepare("DELETE FROM holdings WHERE contracts_hundredths = 0 AND cost_micros = 0 AND fees_micros = 0"),
      arb: db.prepare(`INSERT INTO arbs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (arb_id) DO UPDATE SET status = excluded.status, pending_second = excluded.pending_second,
        resolve_attempts = excluded.resolve_attempts, pnl_micros = excluded.pnl_micros, unwind_loss_micros = excluded.unwind_loss_micros,
        deadline_ms = excluded.deadline_ms, closed_ms = excluded.closed_ms`),
      alert: db.prepare(
        "INSERT INTO alerts (ts_ms, kind, severity, arb_id, pair, exposure_hundredths, exposure_micros, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      breaker: db.prepare("INSERT INTO breaker_events (ts_ms, kind, reason, detail, until_ms) VALUES (?, ?, ?, ?, ?)"),
      pnl: db.prepare(`INSERT INTO daily_pnl VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET
        locked_profit_micros = locked_profit_micros + excluded.locked_profit_micros,
        realized_pnl_micros = realized_pnl_micros + excluded.realized_pnl_micros,
        unwind_loss_micros = unwind_loss_micros + excluded.unwind_loss_micros, fees_micros = fees_micros + excluded.fees_micros`),
      settlement: db.prepare("INSERT INTO market_settlements (venue, market, winner, pnl_micros, payout_micros, ts_ms) VALUES (?, ?, ?, ?, ?, ?)"),
      clearMarket: db.prepare("DELETE FROM holdings WHERE venue = ? AND market = ?"),
    };
    this.applyAll = db.transaction((writes: readonly LedgerWrite[]) => {
      for (const w of writes) this.applyOne(w);
    });
    const setSeq = db.prepare(`INSERT INTO meta VALUES ('${JOURNAL_SEQ}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    this.applyBatch = db.transaction((seq: number, writes: readonly LedgerWrite[]) => {
      for (const w of writes) this.applyOne(w);
      setSeq.run(String(seq));
    });
  }

  private migrate(): void {
    const current = Number(this.db.pragma("user_version", { simple: true }));
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  get schemaVersion(): number {
    return Number(this.db.pragma("user_version", { simple: true }));
  }

  /** Commits a step's writes atomically (after any staged batch, so the order of steps is kept). */
  apply(writes: readonly LedgerWrite[]): void {
    this.commitStaged();
    if (writes.length > 0) this.applyAll(writes);
  }

  /**
   * Makes a step's writes durable against a process crash with one journal append; `commitStaged` (or the next
   * `apply`) commits them to SQLite. Only the process that trades stages; its first stage recovers the journal if
   * start-up did not.
   */
  stage(writes: readonly LedgerWrite[]): void {
    this.commitStaged();
    const fd = this.journalFd ?? this.openJournal().fd;
    const seq = this.journalSeq + 1;
    writeSync(fd, `${JSON.stringify({ ledger: this.ledgerId, seq, writes })}\n`);
    if (this.fullSync) fdatasyncSync(fd);
    this.journalSeq = seq;
    this.staged = { seq, writes };
  }

  commitStaged(): void {
    const b = this.staged;
    if (b === undefined) return;
    this.applyBatch(b.seq, b.writes);
    this.staged = undefined;
    if (this.journalFd !== undefined && fstatSync(this.journalFd).size > JOURNAL_TRUNCATE_BYTES) ftruncateSync(this.journalFd, 0);
  }

  /**
   * Commits every journal batch that a crash left staged but not committed, empties the journal and opens it for
   * `stage`. A torn last line (power loss mid-append) was never followed by a send, so it is skipped. Returns how
   * many batches were recovered.
   */
  recoverJournal(): number {
    return this.openJournal().recovered;
  }

  private openJournal(): { fd: number; recovered: number } {
    let text = "";
    try {
      text = readFileSync(this.journalPath, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    let seq = Number(this.meta(JOURNAL_SEQ) ?? "0");
    let recovered = 0;
    for (const line of text.split("\n")) {
      let batch: { ledger: string; seq: number; writes: LedgerWrite[] };
      try {
        batch = JSON.parse(line, respell) as { ledger: string; seq: number; writes: LedgerWrite[] };
      } catch {
        continue;
      }
      if (batch.ledger !== this.ledgerId || batch.seq <= seq) continue;
      this.applyBatch(batch.seq, batch.writes);
      seq = batch.seq;
      recovered++;
    }
    const fd = this.journalFd ?? openSync(this.journalPath, "a");
    ftruncateSync(fd, 0);
    this.journalFd = fd;
    this.journalSeq = seq;
    return { fd, recovered };
  }

  private applyOne(w: LedgerWrite): void {
    const st = this.st;
    switch (w.kind) {
      case "order": {
        const r = w.row;
        st.order.run(
          r.clientOrderId,
          r.arbId,
          r.role,
          r.venue,
          r.market,
          r.pair,
          r.leg,
          r.outcome,
          r.action,
          r.priceUnits,
          r.sizeHundredths,
          r.timeInForce,
          r.status,
          r.venueOrderId ?? null,
          r.filledHundredths,
          r.venueFilledHundredths,
          r.costMicros,
          r.feeMicros,
          r.cancelRequested ? 1 : 0,
          r.errorCode ?? null,
          r.createdMs,
          r.updatedMs,
        );
        return;
      }
      case "order-event":
        st.orderEvent.run(w.clientOrderId, w.from, w.to, w.input, w.detail, w.tsMs);
        return;
      case "fill": {
        const r = w.row;
        const res = st.fill.run({ ...r, isTaker: r.isTaker ? 1 : 0 });
        if (res.changes === 1) this.hold(r, 1);
        return;
      }
      case "fill-reversed": {
        const r = w.row;
        const res = st.reverseFill.run(w.tsMs, r.venue, r.fillId);
        if (res.changes === 1) this.hold(r, -1);
        return;
      }
      case "arb": {
        const r = w.row;
        st.arb.run(
          r.arbId,
          r.pair,
          r.type,
          r.mode,
          r.plannedHundredths,
          r.expectedProfitMicros,
          r.status,
          r.pendingSecond === undefined ? null : JSON.stringify(r.pendingSecond),
          r.resolveAttempts,
          r.pnlMicros,
          r.unwindLossMicros,
          r.createdMs,
          r.deadlineMs,
          r.closedMs ?? null,
          JSON.stringify(r.legs),
          r.eventId,
        );
        return;
      }
      case "alert": {
        const a = w.alert;
        st.alert.run(a.tsMs, a.kind, a.severity, a.arbId ?? null, a.pair ?? null, a.exposureHundredths, a.exposureMicros, a.message);
        return;
      }
      case "breaker": {
        const e = w.effect;
        if (e.kind === "breaker.tripped") st.breaker.run(e.atMs, e.kind, e.reason, e.detail, e.untilMs);
        else st.breaker.run(e.atMs, e.kind, e.cause, "", null);
        return;
      }
      case "pnl":
        st.pnl.run(w.day, w.lockedProfitMicros, w.realizedPnlMicros, w.unwindLossMicros, w.feesMicros);
        return;
      case "settlement":
        st.settlement.run(w.venue, w.market, w.winner, w.pnlMicros, w.payoutMicros, w.tsMs);
        st.clearMarket.run(w.venue, w.market);
        return;
    }
  }

  /** A fill (sign 1) or its reversal (−1) on the holding it adds to: the order's market and the outcome its leg is long. */
  private hold(r: FillRow, sign: 1 | -1): void {
    const h = parseHolding(holdingOf(r.venue, r.market, isYesLeg(r.leg) ? "yes" : "no"));
    this.st.holding.run(h.venue, h.market, h.side, sign * r.sizeHundredths, sign * r.priceUnits * r.sizeHundredths, sign * r.feeMicros);
    if (sign < 0) this.st.dropEmptyHoldings.run();
  }

  orders(): OrderRow[] {
    return (this.db.prepare("SELECT * FROM orders ORDER BY created_ms, client_order_id").all() as Row[]).map(orderFrom);
  }

  /** Orders of arbs that are not closed, or whose own fate or fills are not final. */
  liveOrders(): OrderRow[] {
    return (
      this.db
        .prepare(
          `SELECT o.* FROM orders o JOIN arbs a ON a.arb_id = o.arb_id
           WHERE a.status NOT IN ('closed', 'exposed') OR o.status IN ('new', 'sent', 'acked', 'partially_filled')
              OR o.filled_hundredths < o.venue_filled_hundredths ORDER BY o.created_ms, o.client_order_id`,
        )
        .all() as Row[]
    ).map(orderFrom);
  }

  arbs(status?: ArbStatus): ArbRow[] {
    const rows =
      status === undefined
        ? this.db.prepare("SELECT * FROM arbs ORDER BY created_ms").all()
        : this.db.prepare("SELECT * FROM arbs WHERE status = ? ORDER BY created_ms").all(status);
    return (rows as Row[]).map(arbFrom);
  }

  /** Every fill ever booked, reversed ones included (marked `reversedMs`). */
  fills(): FillRow[] {
    return (this.db.prepare("SELECT * FROM fills ORDER BY ts_ms, venue, fill_id").all() as Row[]).map(fillFrom);
  }

  /** One venue's fills booked at or after `tsMs`, reversed ones included. */
  fillsSince(venue: VenueId, tsMs: number): FillRow[] {
    return (this.db.prepare("SELECT * FROM fills WHERE venue = ? AND ts_ms >= ? ORDER BY ts_ms, fill_id").all(venue, tsMs) as Row[]).map(fillFrom);
  }

  holdings(): HoldingRow[] {
    return (this.db.prepare("SELECT * FROM holdings ORDER BY venue, market, side").all() as Row[]).map((r) => ({
      venue: s(r["venue"]) as VenueId,
      market: s(r["market"]),
      side: s(r["side"]) === "yes" ? "yes" : "no",
      contractsHundredths: n(r["contracts_hundredths"]),
      costMicros: n(r["cost_micros"]),
      feesMicros: n(r["fees_micros"]),
    }));
  }

  /** Every order of the given arbs (an exposed arb's orders are finished, but its excess is computed from them). */
  ordersOf(arbIds: readonly string[]): OrderRow[] {
    if (arbIds.length === 0) return [];
    const q = this.db.prepare(`SELECT * FROM orders WHERE arb_id IN (${arbIds.map(() => "?").join(", ")}) ORDER BY created_ms, client_order_id`);
    return (q.all(...arbIds) as Row[]).map(orderFrom);
  }

  alerts(): Alert[] {
    return (this.db.prepare("SELECT * FROM alerts ORDER BY id").all() as Row[]).map((r) => ({
      kind: s(r["kind"]) as Alert["kind"],
      severity: s(r["severity"]) as Alert["severity"],
      tsMs: n(r["ts_ms"]),
      ...(r["arb_id"] !== null && { arbId: s(r["arb_id"]) }),
      ...(r["pair"] !== null && { pair: n(r["pair"]) }),
      exposureHundredths: n(r["exposure_hundredths"]),
      exposureMicros: n(r["exposure_micros"]),
      message: s(r["message"]),
    }));
  }

  breakerEvents(): BreakerEventRow[] {
    return (this.db.prepare("SELECT * FROM breaker_events ORDER BY id").all() as Row[]).map((r) => ({
      tsMs: n(r["ts_ms"]),
      kind: s(r["kind"]) as BreakerEventRow["kind"],
      reason: s(r["reason"]),
      detail: s(r["detail"]),
      untilMs: r["until_ms"] === null ? undefined : n(r["until_ms"]),
    }));
  }

  /** The breaker as the last persisted trip or reset left it, with today's losses. */
  breakerState(nowMs: number, dayMs: number): BreakerState {
    const day = Math.floor(nowMs / dayMs);
    const last = this.breakerEvents().at(-1);
    const pnl = this.dailyPnl().find((d) => d.day === day);
    const tripped =
      last?.kind === "breaker.tripped"
        ? {
            reason: last.reason as NonNullable<BreakerState["tripped"]>["reason"],
            detail: last.detail,
            atMs: last.tsMs,
            untilMs: last.untilMs ?? Number.MAX_SAFE_INTEGER,
          }
        : undefined;
    const lost = (pnl?.unwindLossMicros ?? 0) + Math.max(0, -(pnl?.realizedPnlMicros ?? 0));
    return { tripped, consecutiveErrors: 0, day, dailyLossMicros: lost, openLossMicros: 0 };
  }

  dailyPnl(): DailyPnlRow[] {
    return (this.db.prepare("SELECT * FROM daily_pnl ORDER BY day").all() as Row[]).map((r) => ({
      day: n(r["day"]),
      lockedProfitMicros: n(r["locked_profit_micros"]),
      realizedPnlMicros: n(r["realized_pnl_micros"]),
      unwindLossMicros: n(r["unwind_loss_micros"]),
      feesMicros: n(r["fees_micros"]),
    }));
  }

  /** Net contracts (YES − NO, hundredths) per venue market, in the venue's orientation, as the venue reports them. */
  netPositions(venue: VenueId): Map<string, number> {
    const rows = this.db
      .prepare(
        "SELECT market, SUM(CASE WHEN side = 'yes' THEN contracts_hundredths ELSE -contracts_hundredths END) AS net FROM holdings WHERE venue = ? GROUP BY market",
      )
      .all(venue) as Row[];
    const out = new Map<string, number>();
    for (const r of rows) out.set(s(r["market"]), n(r["net"]));
    return out;
  }

  /** Opening balance plus every fill's and settlement's cash: what the venue should show. */
  expectedBalanceMicros(venue: VenueId): number | undefined {
    const open = this.db.prepare("SELECT opening_micros FROM balances WHERE venue = ?").get(venue) as Row | undefined;
    if (open === undefined) return undefined;
    const cash = this.db.prepare("SELECT COALESCE(SUM(cash_micros), 0) AS c FROM fills WHERE venue = ? AND reversed_ms IS NULL").get(venue) as Row;
    const paid = this.db.prepare("SELECT COALESCE(SUM(payout_micros), 0) AS p FROM market_settlements WHERE venue = ?").get(venue) as Row;
    return n(open["opening_micros"]) + n(cash["c"]) + n(paid["p"]);
  }

  /** Records the venue's balance the first time the ledger meets it (later calls keep the first). */
  recordOpeningBalance(venue: VenueId, micros: number, atMs: number): void {
    this.db.prepare("INSERT OR IGNORE INTO balances VALUES (?, ?, ?)").run(venue, micros, atMs);
  }

  /** Records the pair set a run trades (its games value the holdings when the ledger is read on its own). */
  recordPairSpecs(specs: readonly PairSpec[]): void {
    this.setMeta(PAIR_SPECS, JSON.stringify(specs));
  }

  pairSpecs(): PairSpec[] {
    const raw = this.meta(PAIR_SPECS);
    if (raw === undefined) return [];
    const r = z.array(PairSpec).safeParse(JSON.parse(raw));
    return r.success ? r.data : [];
  }

  meta(key: string): string | undefined {
    const r = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    return r === undefined ? undefined : s(r["value"]);
  }

  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /** A clean close commits what is staged and leaves an empty journal. */
  close(): void {
    if (this.db.open) {
      this.commitStaged();
      this.db.close();
    }
    if (this.journalFd !== undefined) {
      ftruncateSync(this.journalFd, 0);
      closeSync(this.journalFd);
    }
    this.journalFd = undefined;
  }

  /** Deletes a ledger and everything beside it (WAL, shared memory, order journal): a fresh start, not a replay. */
  static remove(path: string, journalPath = `${path}.journal`): void {
    for (const f of [path, `${path}-wal`, `${path}-shm`, journalPath]) rmSync(f, { force: true });
  }
}
