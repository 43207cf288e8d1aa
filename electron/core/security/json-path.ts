/**
 * Byte offsets in a JSON document → the JSON paths of the values they fall in, such as
 * `messages[3].content[0].text`: how the secret scan says where it found something without quoting it.
 * One pass over the bytes up to the last offset; the document is assumed valid (it was parsed before).
 */

interface Frame {
  array: boolean;
  /** Objects: the key whose value is being read. */
  key: string | undefined;
  /** Arrays: the element's index. */
  index: number;
  expectKey: boolean;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function format(stack: readonly Frame[]): string {
  let out = '';
  for (const f of stack) {
    if (f.array) out += `[${f.index}]`;
    else if (f.key !== undefined) out += IDENT.test(f.key) ? (out === '' ? f.key : `.${f.key}`) : `[${JSON.stringify(f.key.slice(0, 40))}]`;
  }
  return out === '' ? '(body)' : out;
}

/** `offsets` ascending; one path per offset. */
export function jsonPathsAt(raw: Buffer, offsets: readonly number[]): string[] {
  const out: string[] = [];
  const stack: Frame[] = [];
  let inString = false;
  let stringStart = 0;
  let isKey = false;
  let k = 0;
  for (let i = 0; i < raw.length && k < offsets.length; i++) {
    while (k < offsets.length && offsets[k]! <= i) {
      out.push(format(stack));
      k++;
    }
    const c = raw[i]!;
    const top = stack[stack.length - 1];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (isKey && top) top.key = JSON.parse(raw.toString('utf8', stringStart, i + 1)) as string;
      }
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        stringStart = i;
        isKey = top !== undefined && !top.array && top.expectKey;
        break;
      case 0x7b: // {
        stack.push({ array: false, key: undefined, index: 0, expectKey: true });
        break;
      case 0x5b: // [
        stack.push({ array: true, key: undefined, index: 0, expectKey: false });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        break;
      case 0x2c: // ,
        if (top?.array) top.index++;
        else if (top) top.expectKey = true;
        break;
      case 0x3a: // :
        if (top) top.expectKey = false;
        break;
    }
  }
  while (out.length < offsets.length) out.push(format(stack));
  return out;
}
