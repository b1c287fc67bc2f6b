import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { unwrapField } from "./fields.js";
import { loadConfig, parseConfig } from "./load.js";
import { Config } from "./schema.js";

/** bot.example.yaml against the schema, both ways, so neither can change without the other. */
const EXAMPLE = new URL("../../bot.example.yaml", import.meta.url).pathname;
const text = readFileSync(EXAMPLE, "utf8");

/** Every field of the schema as a dotted path, sections and leaves. */
function schemaFields(s: z.ZodType, prefix = ""): { path: string; schema: z.ZodType; leaf: boolean }[] {
  const u = unwrapField(s);
  const self = prefix === "" ? [] : [{ path: prefix, schema: s, leaf: !(u instanceof z.ZodObject) }];
  if (!(u instanceof z.ZodObject)) return self;
  return [...self, ...Object.entries(u.shape as Record<string, z.ZodType>).flatMap(([k, v]) => schemaFields(v, prefix === "" ? k : `${prefix}.${k}`))];
}

/**
 * Every field the file names, set (`key: value`) or commented out (`# key: value`), by its indentation, with the
 * value written. Prose comments never start with a lower-case word and a colon.
 */
function documented(yaml: string): Map<string, { value: string; commented: boolean }> {
  const out = new Map<string, { value: string; commented: boolean }>();
  const stack: { indent: number; key: string }[] = [];
  for (const line of yaml.split("\n")) {
    const m = /^( *)(# ( *))?([a-z][A-Za-z0-9]*):(.*)$/.exec(line);
    if (m === null) continue;
    const indent = (m[1] ?? "").length + (m[3] ?? "").length;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? -1) >= indent) stack.pop();
    stack.push({ indent, key: m[4] ?? "" });
    out.set(stack.map((e) => e.key).join("."), { value: (m[5] ?? "").trim(), commented: m[2] !== undefined });
  }
  return out;
}

const fields = schemaFields(Config);
const named = documented(text);

describe("bot.example.yaml", () => {
  it("loads with the bot's config loader to exactly the defaults", () => {
    const defaults = parseConfig({});
    if (!defaults.ok) throw new Error(defaults.problems.join("\n"));
    expect(loadConfig(EXAMPLE, {})).toEqual(defaults.config);
  });

  it("names every field of the schema", () => {
    expect(fields.filter((f) => f.leaf && !named.has(f.path)).map((f) => f.path)).toEqual([]);
  });

  it("names no field the schema does not have", () => {
    const known = new Set(fields.map((f) => f.path));
    expect([...named.keys()].filter((p) => !known.has(p))).toEqual([]);
  });

  it("gives every commented-out field an example its schema accepts", () => {
    const bad = fields.flatMap((f) => {
      const d = named.get(f.path);
      if (!f.leaf || d === undefined || !d.commented) return [];
      const r = f.schema.safeParse(parseYaml(d.value));
      return r.success ? [] : [`${f.path}: ${r.error.issues[0]?.message}`];
    });
    expect(bad).toEqual([]);
  });
});
