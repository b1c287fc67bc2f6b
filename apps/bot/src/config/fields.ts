import { z } from "zod";

/** A field's own schema under its wrappers (optional, nullable, default, prefault, the input side of a transform). */
export function unwrapField(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault)
    return unwrapField(s.unwrap() as z.ZodType);
  if (s instanceof z.ZodPipe) return unwrapField(s.in as z.ZodType);
  return s;
}

/** The names of the fields of the section at `path` of an object schema; undefined when that is not a section. */
export function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let s = unwrapField(schema);
  for (const key of path) {
    if (!(s instanceof z.ZodObject)) return undefined;
    const next = (s.shape as Record<PropertyKey, z.ZodType | undefined>)[key];
    if (next === undefined) return undefined;
    s = unwrapField(next);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}
