// Seeded mutation for the fuzzer: junk made from real frames (cut, retyped, stripped, padded, nested, poisoned
// numbers) and the disorder a socket can bring to a clean stream (drops, repeats, swaps). Everything is drawn from
// the generator passed in, so a failing case replays from its seed.

/** Numbers and number-like strings parsers get wrong: out of range, not finite, odd notation, too precise. */
const POISON = [
  0,
  -0,
  -1,
  1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.5,
  1e-7,
  1e21,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  Number.MAX_VALUE,
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-1e999",
  "1e-999",
  "0x10",
  "0b1",
  "1_000",
  " 0.5",
  "0.5 ",
  "+0.5",
  "-0.5",
  ".5",
  "5.",
  "0.00001",
  "1.0000",
  "1.0001",
  "99999999999999999999",
  "",
  "0",
  "-0",
  "\u0000",
  "٠.٥",
  "０.５",
  "1/2",
  "null",
  "true",
  "[]",
  "{}",
];
const KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "type",
  "msg",
  "sid",
  "seq",
  "event_type",
  "market",
  "asset_id",
  "price_changes",
  "",
  "\u0000",
  "ﬀ",
];

/** A JSON value of any shape, `depth` levels at most. */
export function anyValue(r, depth = 3) {
  const k = r.int(0, depth > 0 ? 9 : 6);
  if (k === 0) return null;
  if (k === 1) return r.next() < 0.5;
  if (k === 2) return r.pick(POISON);
  if (k === 3) return r.int(-1e6, 1e6);
  if (k === 4) return randomString(r, r.int(0, 20));
  if (k === 5) return String(r.pick(POISON));
  if (k === 6) return r.next() * 10 ** r.int(-8, 25);
  if (k === 7) return Array.from({ length: r.int(0, 4) }, () => anyValue(r, depth - 1));
  return Object.fromEntries(Array.from({ length: r.int(0, 4) }, () => [r.next() < 0.3 ? r.pick(KEYS) : randomString(r, r.int(0, 8)), anyValue(r, depth - 1)]));
}

export function randomString(r, n) {
  let s = "";
  for (let i = 0; i < n; i++) {
    const c = r.int(0, 9);
    s += c < 6 ? String.fromCharCode(r.int(32, 126)) : c < 8 ? String.fromCharCode(r.int(0, 0xffff)) : r.pick(['"', "\\", "{", "}", "[", "]", ",", ":"]);
  }
  return s;
}

/** Every path to a value inside a parsed JSON value. */
function paths(v, at = []) {
  if (v === null || typeof v !== "object") return [at];
  const own = Object.keys(v).flatMap((k) => paths(v[k], [...at, Array.isArray(v) ? Number(k) : k]));
  return [at, ...own];
}

function setAt(root, path, value) {
  if (path.length === 0) return value;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]];
  node[path[path.length - 1]] = value;
  return root;
}

function deleteAt(root, path) {
  if (path.length === 0) return root;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]];
  const last = path[path.length - 1];
  if (Array.isArray(node)) node.splice(last, 1);
  else delete node[last];
  return root;
}

/** A junk frame made from a real one (or from nothing). It may happen to be well formed; callers check for that. */
export function junk(r, frame, maxBytes) {
  const k = r.int(0, 11);
  if (k === 0) return frame.slice(0, r.int(0, frame.length - 1));
  if (k === 1) return randomString(r, r.int(0, 300));
  if (k === 2) return JSON.stringify(anyValue(r, 4));
  let v;
  try {
    v = JSON.parse(frame);
  } catch {
    return bytes(r, frame); // a text frame that is not JSON (PONG): only its bytes can be mutated
  }
  const all = paths(v);
  const at = r.pick(all);
  if (k === 3 || k === 4) return JSON.stringify(setAt(v, at, anyValue(r, 2)));
  if (k === 5) return JSON.stringify(setAt(v, at, r.pick(POISON)));
  if (k === 6) return JSON.stringify(deleteAt(v, at));
  // A key a careless parser would treat as special, with any value, first in the frame (JSON.parse keeps the last).
  if (k === 7) return frame.startsWith("{") ? `{${JSON.stringify(r.pick(KEYS))}:${JSON.stringify(anyValue(r, 2))},${frame.slice(1)}` : frame;
  if (k === 8) return `${frame}${" ".repeat(Math.max(0, maxBytes - frame.length + 1))}`;
  if (k === 9) {
    const depth = r.int(100, 20_000);
    return `${"[".repeat(depth)}${frame}${"]".repeat(depth)}`;
  }
  if (k === 10) return JSON.stringify([v, anyValue(r, 2)]);
  return bytes(r, frame);
}

/** Byte-level: flip, insert or delete characters anywhere. */
function bytes(r, frame) {
  let s = frame;
  for (let i = r.int(1, 4); i > 0; i--) {
    const p = r.int(0, s.length);
    const op = r.int(0, 2);
    s =
      op === 0
        ? s.slice(0, p) + randomString(r, 1) + s.slice(p + 1)
        : op === 1
          ? s.slice(0, p) + randomString(r, r.int(1, 3)) + s.slice(p)
          : s.slice(0, p) + s.slice(p + 1);
  }
  return s;
}

/**
 * The fuzzed stream: the clean frames with junk inserted between them (after each frame, one more junk frame with
 * probability `junkRate`, below 1, again and again) and, when `disorder`,
 * clean frames dropped, repeated or swapped as a lossy socket or a buggy venue would. Each item says what it is.
 */
export function mutateStream(r, clean, { junkRate, disorder, maxBytes }) {
  const out = [];
  for (let i = 0; i < clean.length; i++) {
    while (r.next() < junkRate) out.push({ frame: junk(r, r.pick(clean), maxBytes), junk: true });
    const f = clean[i];
    if (!disorder || r.next() > 0.1) {
      out.push({ frame: f, junk: false });
      continue;
    }
    const op = r.int(0, 2);
    if (op === 0) continue;
    if (op === 1) out.push({ frame: f, junk: false }, { frame: f, junk: false });
    else if (i + 1 < clean.length) {
      out.push({ frame: clean[i + 1], junk: false }, { frame: f, junk: false });
      i++;
    } else out.push({ frame: f, junk: false });
  }
  return out;
}
