import { type ArbType, arbTypeName } from "@arb/domain";

export const RECORD_WORDS = 4;

export interface Opportunity {
  readonly pair: number;
  readonly type: ArbType;
  readonly typeCode: number;
  readonly edgeUnits: number;
  readonly edgeBps: number;
  readonly sizeHundredths: number;
}

/** Decodes record k of a records / result buffer (allocates: for consumers, not the hot loop). */
export function decodeRecord(words: Uint32Array, k: number): Opportunity {
  const at = k * RECORD_WORDS;
  const packed = words[at + 2] ?? 0;
  const typeCode = packed >>> 16;
  return {
    pair: words[at] ?? 0,
    sizeHundredths: words[at + 1] ?? 0,
    edgeUnits: packed & 0xffff,
    typeCode,
    type: arbTypeName(typeCode),
    edgeBps: words[at + 3] ?? 0,
  };
}
