// Builds both Wasm flavors (SIMD128 and scalar, one AssemblyScript source), the TypeScript API, and the native
// Rust reference when rustc is installed.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve("assemblyscript/package.json")), "bin", "asc.js");
const tsc = require.resolve("typescript/bin/tsc");

mkdirSync(join(root, "build"), { recursive: true });
for (const target of ["simd", "scalar"]) {
  execFileSync(process.execPath, [asc, "assembly/index.ts", "--config", "asconfig.json", "--target", target], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
}
execFileSync(process.execPath, [tsc, "-b"], { cwd: root, stdio: "inherit" });
console.log("core-wasm: built build/core.simd.wasm, build/core.scalar.wasm and dist/");

// The Rust reference is optional: without rustc the build goes on and its parity test reports the skip.
const { buildRef } = await import("../dist/ref.js");
const ref = buildRef();
console.log(ref.available ? "core-wasm: Rust reference at build/core-ref" : `${ref.reason}: Rust reference skipped`);
