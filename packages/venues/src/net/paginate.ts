import type { VenueId } from "@arb/domain";
import type { VenueResult } from "../ports.js";

export interface Page<T> {
  readonly items: readonly T[];
  /** The venue's cursor for the next page; empty or absent at the end. */
  readonly cursor?: string | undefined;
}

/**
 * Follows cursors until the venue returns an empty one, stopping at the first error. A truncated list would
 * mislead reconciliation, so running past `maxPages` or seeing a cursor repeat is an error, not a short answer.
 */
export async function collectPages<T>(
  venue: VenueId,
  fetchPage: (cursor: string | undefined) => Promise<VenueResult<Page<T>>>,
  maxPages = 1_000,
): Promise<VenueResult<T[]>> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const r = await fetchPage(cursor);
    if (!r.ok) return r;
    all.push(...r.value.items);
    cursor = r.value.cursor;
    if (cursor === undefined || cursor === "") return { ok: true, value: all };
    if (seen.has(cursor)) break;
    seen.add(cursor);
  }
  const code = `${venue.toUpperCase()}_PAGINATION_RUNAWAY`;
  return { ok: false, error: { venue, code, outcome: "retryable", message: `pagination did not end within ${maxPages} pages` } };
}
