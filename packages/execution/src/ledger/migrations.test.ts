import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { arb, order } from "../../test/rows.js";
import { afterAll, describe, expect, it } from "vitest";
import type { LedgerWrite, OrderRow } from "../core/state.js";
import { MIGRATIONS } from "./migrations.js";
import { Ledger } from "./sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "arb-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A ledger file as the last version before migration 4 left it: an order canceled, spelled "cancelled". */
function oldLedger(path: string): void {
  const db = new Database(path);
  for (const [i, sql] of MIGRATIONS.slice(0, 3).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${i + 1}`);
  }
  db.exec(`
    INSERT INTO arbs VALUES ('old-1', 3, 'kalshi_yes_poly_no', 'concurrent', 1000, 640000, 'closed', NULL, 0, 0, 0, 1, 5001, 9, NULL, 'E');
    INSERT INTO orders VALUES ('old-1-1', 'old-1', 'entry', 'kalshi', 'K-A', 3, 0, 'yes', 'buy', 4500, 1000,
      'immediate_or_cancel', 'cancelled', 'K1', 0, 0, 0, 0, 1, NULL, 1, 9);
    INSERT INTO orders VALUES ('old-1-2', 'old-1', 'entry', 'polymarket', '0xc', 3, 3, 'no', 'buy', 4500, 1000,
      'fill_or_kill', 'expired', NULL, 0, 0, 0, 0, 0, NULL, 1, 9);
    INSERT INTO order_events (client_order_id, from_status, to_status, input, detail, ts_ms) VALUES
      ('old-1-1', 'acked', 'cancelled', 'cancel', '', 8), ('old-1-1', 'cancelled', 'cancelled', 'fill_part', '', 9);
  `);
  db.close();
}

describe("ledger migration 4: the lifecycle spelled canceled", () => {
  it("an old ledger file opens with the new spelling, its order events too", () => {
    const path = join(dir, "old.db");
    oldLedger(path);
    const ledger = new Ledger({ path });
    expect(ledger.schemaVersion).toBe(MIGRATIONS.length);
    expect(ledger.orders().map((o) => [o.clientOrderId, o.status])).toEqual([
      ["old-1-1", "canceled"],
      ["old-1-2", "expired"],
    ]);
    // Canceled is terminal: nothing of the old arb is live.
    expect(ledger.liveOrders()).toEqual([]);
    ledger.close();
    const db = new Database(path, { readonly: true });
    const events = db.prepare("SELECT from_status, to_status FROM order_events ORDER BY id").all();
    const left = db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status = 'cancelled'").get() as { n: number };
    db.close();
    expect(events).toEqual([
      { from_status: "acked", to_status: "canceled" },
      { from_status: "canceled", to_status: "canceled" },
    ]);
    expect(left.n).toBe(0);
  });

  it("a journal an older version staged is replayed with the new spelling", () => {
    const path = join(dir, "journal.db");
    const live = new Ledger({ path });
    const row: OrderRow = {
      ...order("j-1", 1),
      market: "K-A",
      timeInForce: "immediate_or_cancel",
      status: "canceled",
      venueOrderId: "K1",
      cancelRequested: true,
      updatedMs: 9,
    };
    const writes: LedgerWrite[] = [
      { kind: "arb", row: { ...arb("j-1"), legs: [], expectedProfitMicros: 0 } },
      { kind: "order", row },
      { kind: "order-event", clientOrderId: "j-1-1", from: "acked", to: "canceled", input: "cancel", detail: "", tsMs: 9 },
    ];
    live.stage(writes);
    // The process dies before the commit; the journal is the old version's, in the old spelling.
    const journal = `${path}.journal`;
    writeFileSync(journal, readFileSync(journal, "utf8").replaceAll('"canceled"', '"cancelled"'));
    expect(readFileSync(journal, "utf8")).toContain('"status":"cancelled"');
    const restarted = new Ledger({ path });
    expect(restarted.recoverJournal()).toBe(1);
    expect(restarted.orders().map((o) => o.status)).toEqual(["canceled"]);
    restarted.close();
    live.close();
  });
});
