import { chmodSync, statSync } from "node:fs";

/**
 * The files a paper or live run keeps beside its config (ledger with its WAL, shared memory and journal, event log,
 * mapping file): each reveals positions and trades. The bot creates them owner-only (its umask); a file an earlier
 * version or another tool left readable by others is made owner-only before the run opens it.
 */
export function dataFiles(o: { ledgerPath: string; eventLogPath?: string | undefined; mappingPath: string }): string[] {
  const l = o.ledgerPath;
  return [l, `${l}-wal`, `${l}-shm`, `${l}.journal`, ...(o.eventLogPath === undefined ? [] : [o.eventLogPath]), o.mappingPath];
}

/** chmod 600 each existing file that group or others can read or write; returns the files changed. */
export function makeOwnerOnly(paths: readonly string[]): string[] {
  const changed: string[] = [];
  for (const p of paths) {
    let mode: number;
    try {
      mode = statSync(p).mode;
    } catch {
      continue; // not created yet: the umask makes it owner-only
    }
    if ((mode & 0o077) === 0) continue;
    chmodSync(p, 0o600);
    changed.push(p);
  }
  return changed;
}
