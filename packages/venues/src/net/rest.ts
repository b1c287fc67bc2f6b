import type { Logger } from "pino";
import type { z } from "zod";
import type { VenueId } from "@arb/domain";
import type { VenueError, VenueResult } from "../ports.js";
import type { HttpRequest, Send } from "./send.js";

/** How a venue names its failures (its `errors.ts`); `K` is the venue's request kinds (read, order, mutation…). */
export interface RestErrorMapper<K> {
  /** The request failed below HTTP (timeout, reset, refused). */
  transport(err: unknown, kind: K): VenueError;
  /** A non-2xx answer; `retried`: an earlier attempt of this same request may have reached the venue. */
  status(status: number, body: unknown, kind: K, retried: boolean): VenueError;
  /** A 2xx whose body did not match the schema. */
  body(status: number, detail: string, kind: K): VenueError;
}

export interface RestCall<S extends z.ZodType, K> {
  readonly req: HttpRequest;
  readonly schema: S;
  readonly kind: K;
}

/**
 * One REST call for every venue client: send through the venue's composed layers, then turn what came back into a
 * `VenueResult` (never a throw for a venue or network failure): transport failures, non-2xx answers and bodies that
 * do not match the schema each through the venue's error mapper. With a logger, every failure is logged once here.
 */
export async function callRest<S extends z.ZodType, K>(
  send: Send,
  call: RestCall<S, K>,
  errors: RestErrorMapper<K>,
  log?: { readonly venue: VenueId; readonly logger: Logger },
): Promise<VenueResult<z.output<S>>> {
  const { req, schema, kind } = call;
  const where = { venue: log?.venue, method: req.method, path: req.signedPath };
  let res: Awaited<ReturnType<Send>>;
  try {
    res = await send(req);
  } catch (err) {
    const error = errors.transport(err, kind);
    log?.logger.warn({ ...where, code: error.code, outcome: error.outcome }, `${log.venue} request failed`);
    return { ok: false, error };
  }
  if (res.status < 200 || res.status > 299) {
    const error = errors.status(res.status, res.body, kind, res.attempts > 1);
    log?.logger.warn({ ...where, status: res.status, code: error.code, venueCode: error.venueCode }, `${log.venue} request refused`);
    return { ok: false, error };
  }
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = `${req.method} ${req.signedPath}: unexpected body at ${issue?.path.join(".") || "?"}: ${issue?.message ?? "schema mismatch"}`;
    log?.logger.error({ ...where, detail }, `${log.venue} response did not match its schema`);
    return { ok: false, error: errors.body(res.status, detail, kind) };
  }
  return { ok: true, value: parsed.data };
}
