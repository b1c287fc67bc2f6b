import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { arb, order } from "../../test/rows.js";
import type { LedgerWrite } from "../core/state.js";
import { Ledger } from "./sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "arb-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (arbId: string): LedgerWrite[] => [
  { kind: "arb", row: arb(arbId) },
  { kind: "order", row: order(arbId, 1) },
  { kind: "order", row: order(arbId, 2) },
];

describe("order journal", () => {
  it("a staged step a crash left uncommitted is committed at the next start, exactly once", () => {
    const path = join(dir, "crash.db");
    const live = new Ledger({ path });
    expect(live.recoverJournal()).toBe(0);
    live.stage(entry("r-1"));
    live.commitStaged();
    live.stage(entry("r-2"));
    // The process dies here: orders of r-2 were sent, its SQLite commit never ran.
    expect(live.arbs().map((a) => a.arbId)).toEqual(["r-1"]);

    const restarted = new Ledger({ path });
    expect(restarted.orders().map((o) => o.clientOrderId)).toEqual(["r-1-1", "r-1-2"]);
    expect(restarted.recoverJournal()).toBe(1);
    expect(restarted.arbs().map((a) => a.arbId)).toEqual(["r-1", "r-2"]);
    expect(restarted.orders().map((o) => [o.clientOrderId, o.status, o.venueOrderId])).toEqual([
      ["r-1-1", "new", undefined],
      ["r-1-2", "new", undefined],
      ["r-2-1", "new", undefined],
      ["r-2-2", "new", undefined],
    ]);
    expect(statSync(`${path}.journal`).size).toBe(0);
    // The journal keeps numbering after the recovered batch, so nothing recovered is replayed again.
    restarted.stage(entry("r-3"));
    restarted.close();
    const again = new Ledger({ path });
    expect(again.recoverJournal()).toBe(0);
    expect(again.arbs().map((a) => a.arbId)).toEqual(["r-1", "r-2", "r-3"]);
    again.close();
    live.db.close();
  });

  it("apply commits a staged step first, so a later update of the same order is never overwritten", () => {
    const path = join(dir, "order.db");
    const l = new Ledger({ path });
    l.stage(entry("o-1"));
    l.apply([{ kind: "order", row: { ...order("o-1", 1), status: "filled", filledHundredths: 1000, updatedMs: 2 } }]);
    l.commitStaged();
    expect(l.orders().find((o) => o.clientOrderId === "o-1-1")?.status).toBe("filled");
    l.close();
  });

  it("skips a torn last line (a crash mid-append: that step sent nothing) and commits the complete ones", () => {
    const path = join(dir, "torn.db");
    const l = new Ledger({ path });
    l.stage(entry("t-1"));
    const line = readFileSync(`${path}.journal`, "utf8");
    l.db.close();
    writeFileSync(`${path}.journal`, `${line}${line.replace('"seq":1', '"seq":2').slice(0, 60)}`);
    const r = new Ledger({ path });
    expect(r.recoverJournal()).toBe(1);
    expect(r.arbs().map((a) => a.arbId)).toEqual(["t-1"]);
    r.close();
  });

  it("never replays a journal into another ledger: a database replaced beside an old journal starts clean", () => {
    const path = join(dir, "replaced.db");
    const old = new Ledger({ path });
    old.stage(entry("x-1"));
    old.db.close();
    rmSync(path, { force: true });
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const fresh = new Ledger({ path });
    expect(fresh.recoverJournal()).toBe(0);
    expect(fresh.arbs()).toEqual([]);
    fresh.close();
    expect(statSync(`${path}.journal`).size).toBe(0);
  });

  it("remove deletes the database and everything beside it", () => {
    const path = join(dir, "removed.db");
    const l = new Ledger({ path });
    l.stage(entry("y-1"));
    l.commitStaged();
    l.db.close();
    Ledger.remove(path);
    for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}.journal`]) expect(() => statSync(f)).toThrow(/ENOENT/);
  });
});
