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

/** Reads the key at `i` (an opening quote): [key, index past its closing quote], or undefined. */
function readKey(raw: Buffer, i: number): [string, number] | undefined {
  const keyEnd = skipString(raw, i);
  if (keyEnd < 0) return undefined;
  const keyText = raw.toString('utf8', i + 1, keyEnd - 1);
  return [keyText.includes('\\') ? (JSON.parse(raw.toString('utf8', i, keyEnd)) as string) : keyText, keyEnd];
}

/**
 * Returns a new buffer with top-level fields set, every other byte as the client sent it, or undefined
 * when the body is not a JSON object, or a field to replace is missing or malformed (the caller then
 * re-serializes). Values are JSON text. `replace` names fields the body has: their values are swapped,
 * and the scan stops once all are found, so fields near the start cost nothing. `insert` names fields
 * it lacks: they are written right after the opening brace, so they need no scan at all.
 * With `only`, a field to replace whose value is not of that kind counts as malformed.
 */
export function spliceTopLevel(
  raw: Buffer,
  replace: Readonly<Record<string, string>>,
  insert: Readonly<Record<string, string>> = {},
  opts: { only?: 'string' | 'number' } = {},
): Buffer | undefined {
  let i = skipWs(raw, 0);
  if (raw[i] !== 0x7b) return undefined;
  let copied = i + 1;
  const pieces: Buffer[] = [raw.subarray(0, copied)];
  i = skipWs(raw, copied);
  let inserted = '';
  for (const [k, v] of Object.entries(insert)) inserted += `${JSON.stringify(k)}:${v},`;
  // An empty object gets no trailing comma.
  if (inserted !== '') pieces.push(Buffer.from(raw[i] === 0x7d ? inserted.slice(0, -1) : inserted));
  let pending = Object.keys(replace).length;
  while (pending > 0 && raw[i] === QUOTE) {
    const key = readKey(raw, i);
    if (key === undefined) return undefined;
    i = skipWs(raw, key[1]);
    if (raw[i] !== 0x3a) return undefined;
    i = skipWs(raw, i + 1);
    const valueEnd = skipValue(raw, i);
    if (valueEnd < 0) return undefined;
    const value = Object.hasOwn(replace, key[0]) ? replace[key[0]] : undefined;
    if (value !== undefined) {
      if (opts.only === 'string' && raw[i] !== QUOTE) return undefined;
      if (opts.only === 'number' && !(raw[i] === 0x2d || (raw[i]! >= 0x30 && raw[i]! <= 0x39))) return undefined;
      pieces.push(raw.subarray(copied, i), Buffer.from(value));
      copied = valueEnd;
      pending--;
    }
    i = skipWs(raw, valueEnd);
    if (raw[i] === 0x2c) i = skipWs(raw, i + 1);
    else if (raw[i] !== 0x7d) return undefined;
  }
  if (pending > 0) return undefined;
  pieces.push(raw.subarray(copied));
  return Buffer.concat(pieces);
}

/**
 * Returns a new buffer with `field`'s string value replaced by `value`, or undefined when the body
 * is not an object with that field as a string (the caller then re-serializes).
 */
export function replaceTopLevelString(raw: Buffer, field: string, value: string): Buffer | undefined {
  return spliceTopLevel(raw, { [field]: JSON.stringify(value) }, {}, { only: 'string' });
}

/**
 * Returns a new buffer with `field`'s value replaced by the JSON text `json`, or undefined when the body is
 * not an object with that field (the caller then re-serializes). `kind` restricts which value may be replaced.
 */
export function replaceTopLevelValue(raw: Buffer, field: string, json: string, kind: 'string' | 'number' | 'any' = 'any'): Buffer | undefined {
  return spliceTopLevel(raw, { [field]: json }, {}, kind === 'any' ? {} : { only: kind });
}
