// `pnpm --filter bot start`: builds the bot and what it imports (turbo, cached), then runs `bot start` with the
// arguments given after `--`. Kept as plain JS so it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const local = `${root}node_modules/.bin/turbo`;
const [cmd, pre] = existsSync(local) ? [local, []] : ["npx", ["-y", "pnpm@10.34.9", "-w", "exec", "turbo"]];
const build = spawnSync(cmd, [...pre, "run", "build", "--filter=bot...", "--output-logs=errors-only"], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
});
if (build.status !== 0) {
  console.error(`bot: build failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === "--") args.shift();
process.argv = [process.argv[0] ?? "node", fileURLToPath(new URL("../dist/cli.js", import.meta.url)), "start", ...args];
await import("../dist/cli.js");
