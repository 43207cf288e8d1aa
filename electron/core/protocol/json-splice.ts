/**
 * Replaces the value of one top-level string field in raw JSON bytes, leaving every other byte as
 * the client sent it. Passthrough uses it to rewrite `model` without re-serializing a body that
 * may be 100 KB: the scan stops at the field, which clients usually send first.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipWs(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
  return i;
}

/** `i` at an opening quote → index just past the closing quote, or -1. */
function skipString(b: Buffer, i: number): number {
  i++;
  while (i < b.length) {
    const c = b[i]!;
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return -1;
}

/** `i` at the start of any value → index just past it, or -1. */
function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i]!;
      if (d === QUOTE) {
        i = skipString(b, i);
        if (i < 0) return -1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  while (i < b.length) {
    const d = b[i]!;
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) return i;
    i++;
  }
  return i;
}

/** Where the value of top-level `field` lies in `raw` (`start` at its first byte, `end` just past it). */
export function findTopLevelValue(raw: Buffer, field: string): { start: number; end: number } | undefined {
  let i = skipWs(raw, 0);
  if (raw[i] !== 0x7b) return undefined;
  i = skipWs(raw, i + 1);
  while (i < raw.length && raw[i] === QUOTE) {
    const keyEnd = skipString(raw, i);
    if (keyEnd < 0) return undefined;
    const keyText = raw.toString('utf8', i + 1, keyEnd - 1);
    const key = keyText.includes('\\') ? (JSON.parse(raw.toString('utf8', i, keyEnd)) as string) : keyText;
    i = skipWs(raw, keyEnd);
    if (raw[i] !== 0x3a) return undefined;
    i = skipWs(raw, i + 1);
    const valueEnd = skipValue(raw, i);
    if (valueEnd < 0) return undefined;
    if (key === field) return { start: i, end: valueEnd };
    i = skipWs(raw, valueEnd);
    if (raw[i] === 0x2c) i = skipWs(raw, i + 1);
    else return undefined;
  }
  return undefined;
}

/**
 * Returns a new buffer with `field`'s value replaced by the JSON text `json`, or undefined when the body is
 * not an object with that field (the caller then re-serializes). `kind` restricts which value may be replaced.
 */
export function replaceTopLevelValue(raw: Buffer, field: string, json: string, kind: 'string' | 'number' | 'any' = 'any'): Buffer | undefined {
  const at = findTopLevelValue(raw, field);
  if (at === undefined) return undefined;
  const first = raw[at.start];
  if (kind === 'string' && first !== QUOTE) return undefined;
  if (kind === 'number' && !(first === 0x2d || (first !== undefined && first >= 0x30 && first <= 0x39))) return undefined;
  return Buffer.concat([raw.subarray(0, at.start), Buffer.from(json), raw.subarray(at.end)]);
}

/**
 * Returns a new buffer with `field`'s string value replaced by `value`, or undefined when the body
 * is not an object with that field as a string (the caller then re-serializes).
 */
export function replaceTopLevelString(raw: Buffer, field: string, value: string): Buffer | undefined {
  return replaceTopLevelValue(raw, field, JSON.stringify(value), 'string');
}
