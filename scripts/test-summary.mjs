// Adds up every package's vitest JSON report (written by `turbo run test`, restored from turbo's cache when a
// package was unchanged) and prints one closing line, so a run that executed no test is visible.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
let passed = 0,
  failed = 0,
  skipped = 0,
  files = 0;
for (const group of ["packages", "apps", "."]) {
  const dirs = group === "." ? ["bench"] : readdirSync(join(root, group)).map((d) => join(group, d));
  for (const dir of dirs) {
    const report = join(root, dir, ".vitest", "report.json");
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    files += 1;
    console.log(`  ${dir}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (files === 0 || passed === 0 || failed > 0) process.exit(1);
