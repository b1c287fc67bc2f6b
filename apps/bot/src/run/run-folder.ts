import { chmodSync, lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Simulator runs keep their files (mapping, ledger, event log, log) outside the repository, one folder per run under
 * `<tmp>/arb-bot-simulator/`, so a run never overwrites another and `bot positions` / `bot alerts` can read a run
 * after it ended: `latest` names the newest. Folders are their owner's only: a run's ledger is its trading record.
 */

export class RunFolderError extends Error {
  readonly code = "RUN_FOLDER_REFUSED";
}

const LATEST = "latest";

/** The folder holding every simulator run, under `base` (the system temp directory). */
export function simulatorRoot(base: string): string {
  return join(base, "arb-bot-simulator");
}

/** Creates the root when missing and makes it owner-only; refuses one that is not this user's own directory (in a
 *  shared temp directory anyone may have made it first). */
export function prepareSimulatorRoot(base: string): string {
  const root = simulatorRoot(base);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const st = lstatSync(root);
  if (!st.isDirectory() || (process.getuid !== undefined && st.uid !== process.getuid()))
    throw new RunFolderError(`${root} is not a directory of this user's; move it away`);
  // A root made by an earlier version may be readable by others.
  chmodSync(root, 0o700);
  return root;
}

/** A run's folder name: sorts by start time, unique per process. */
export function runFolderName(nowMs: number, pid: number): string {
  return `run-${new Date(nowMs).toISOString().replace(/[:.]/g, "-")}-${pid}`;
}

/** Makes a new owner-only run folder (never an existing one: that fails) and points `latest` at it. */
export function createRunFolder(root: string, nowMs: number, pid: number): string {
  const name = runFolderName(nowMs, pid);
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  // Replace the link in one step, so a reader never finds it missing.
  const next = join(root, `${LATEST}.${pid}`);
  rmSync(next, { force: true });
  symlinkSync(name, next);
  renameSync(next, join(root, LATEST));
  return dir;
}

/**
 * A run folder the operator names (`start --run-dir`): made owner-only when missing, reused when it exists and is
 * this user's own directory, so a bot restarted on it resumes its ledger. `latest` is left alone: it names the newest
 * folder the bot made itself.
 */
export function useRunFolder(path: string): string {
  const dir = resolve(path);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST")
      throw new RunFolderError(`--run-dir ${dir}: cannot create it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const st = lstatSync(dir);
  if (!st.isDirectory() || (process.getuid !== undefined && st.uid !== process.getuid()))
    throw new RunFolderError(`--run-dir ${dir} is not a directory of this user's`);
  chmodSync(dir, 0o700);
  return dir;
}

/** The newest run's folder, or undefined before the first run. */
export function latestRunFolder(root: string): string | undefined {
  try {
    return join(root, readlinkSync(join(root, LATEST)));
  } catch {
    return undefined;
  }
}
