import { CONTENDERS } from "./contenders/index.js";
import type { Check } from "./contenders/types.js";

/** Pure: the doctor's report, one line per check, the fix under each missing piece. */
export function renderDoctor(byContender: readonly (readonly [string, readonly Check[]])[]): { text: string; ok: boolean } {
  const lines: string[] = [];
  let ok = true;
  for (const [name, checks] of byContender) {
    lines.push(`${name}:`);
    for (const c of checks) {
      ok &&= c.ok;
      lines.push(`  ${c.ok ? "ok     " : "MISSING"} ${c.what} (${c.detail})`);
      if (!c.ok && c.fix !== undefined) lines.push(`          fix: ${c.fix}`);
    }
  }
  return { text: `${lines.join("\n")}\n`, ok };
}

export function doctor(bots: readonly string[], pythonBot: string | undefined): { text: string; ok: boolean } {
  return renderDoctor(bots.map((b) => [b, CONTENDERS[b]?.doctor({ pythonBot }) ?? []] as const));
}
