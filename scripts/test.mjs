// The README's test command: provides the browser the web dashboard's test needs (installing Debian's chromium
// when it is missing and this is root with apt), checks that no tracked file names a path outside the repository,
// runs every package's tests through turbo, then prints the summary.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { NOT_BROWSER_TESTED, chromiumVersion, findChromium, installChromium } from "../apps/bot/scripts/browser.mjs";

const root = join(import.meta.dirname, "..");
let found;
try {
  found = findChromium();
} catch (e) {
  console.error(`test: ${e.message}`);
  process.exit(2);
}
if (found === undefined) {
  console.log("test: no Chromium on this machine; installing Debian's chromium for the web dashboard's browser test");
  const r = installChromium();
  if (r.ok) found = findChromium();
  else console.log(`test: cannot install chromium here (${r.why})`);
}
const env = { ...process.env };
if (found !== undefined) {
  env.CHROMIUM_PATH = found.path;
  console.log(`test: browser for the web dashboard test: ${chromiumVersion(found.path)} at ${found.path} (from ${found.source})`);
} else {
  console.log(NOT_BROWSER_TESTED);
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" }).status ?? 1;
const paths = run(process.execPath, [join(root, "scripts", "check-paths.mjs")]);
if (paths !== 0) process.exit(paths);
const turbo = run(join(root, "node_modules", ".bin", "turbo"), ["run", "test", "--concurrency=2"]);
const summary = run(process.execPath, [join(root, "scripts", "test-summary.mjs")]);
if (found === undefined) console.log(NOT_BROWSER_TESTED);
process.exit(turbo !== 0 ? turbo : summary);
