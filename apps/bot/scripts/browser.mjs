// Finds (and where it can, installs) the Chromium the web dashboard's browser test drives. One place for the
// lookup, used by the root test command (scripts/test.mjs) and by test/web.it.test.ts when run on its own.
import { accessSync, constants, statSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name, env) {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** CHROMIUM_PATH when set (an unusable value is an error, never silently replaced), else the first browser on PATH. */
export function findChromium(env = process.env) {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== "") {
    if (!executable(given)) throw new Error(`CHROMIUM_PATH=${given} is not an executable file`);
    return { path: given, source: "CHROMIUM_PATH" };
  }
  for (const name of NAMES) {
    const path = onPath(name, env);
    if (path !== undefined) return { path, source: "PATH" };
  }
  return undefined;
}

export function chromiumVersion(path) {
  try {
    return execFileSync(path, ["--version"], { encoding: "utf8", timeout: 20_000 }).trim();
  } catch {
    return "version unknown";
  }
}

/** Installs Debian's chromium with apt when running as root; returns why not when it cannot. */
export function installChromium(env = process.env) {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return { ok: false, why: "not running as root" };
  if (onPath("apt-get", env) === undefined) return { ok: false, why: "apt-get is not available" };
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  // --reinstall also restores a chromium package whose binary went missing (apt would call it installed and do nothing).
  for (const args of [["update"], ["install", "-y", "--reinstall", "chromium"]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env: aptEnv });
    if (r.status !== 0) return { ok: false, why: `apt-get ${args.join(" ")} exited ${r.status ?? r.signal}` };
  }
  return { ok: true };
}

export const NOT_BROWSER_TESTED = "!!! THE WEB DASHBOARD WAS NOT BROWSER-TESTED: no Chromium found (set CHROMIUM_PATH, or install Debian's chromium) !!!";
