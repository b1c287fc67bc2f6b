// Fails when a tracked file names an absolute path outside the repository: a workplace folder, a home, a temp
// folder or this clone's own location. Such a path works on the machine that wrote it and nowhere else.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const FORBIDDEN = [
  { what: "a workplace folder", re: /(^|[^\w.-])\/work\//g },
  { what: "a temp folder", re: /(^|[^\w.-])\/(var\/)?tmp\//g },
  { what: "a home folder", re: /(^|[^\w.-])(\/root\b|\/home\/|\/Users\/|~\/|[A-Za-z]:\\Users\\)/g },
  { what: "this clone's own location", re: new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") },
];
/** This file spells the patterns out. */
const SELF = "scripts/check-paths.mjs";

const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f !== "" && f !== SELF);
const found = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  if (text.includes("\0")) continue; // binary
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const { what, re } of FORBIDDEN) {
      re.lastIndex = 0;
      if (re.test(line)) found.push(`${file}:${i + 1}: names ${what}: ${line.trim().slice(0, 160)}`);
    }
  });
}
if (found.length > 0) {
  console.error(`check-paths: ${found.length} absolute path(s) outside the repository:\n${found.join("\n")}`);
  process.exit(1);
}
console.log(`check-paths: ${files.length} tracked files, no absolute path outside the repository`);
