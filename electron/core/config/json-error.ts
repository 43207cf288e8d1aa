/**
 * Where a JSON text is broken, as "line L, column C: problem". V8's JSON.parse messages carry a
 * position only on some Node versions, so this small validating scanner finds it itself.
 */

class Bad extends Error {
  constructor(
    readonly pos: number,
    what: string,
  ) {
    super(what);
  }
}

export function locateJsonError(text: string): { line: number; column: number; message: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else throw new Bad(i, describe());
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Bad(i, 'bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Bad(i, 'bad escape in string');
      } else if (c < ' ') throw new Bad(i, 'control character in string (use \\n)');
      else i++;
    }
    throw new Bad(i, 'unterminated string');
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) throw new Bad(i, describe());
    i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Bad(i, `${describe()}, expected a "quoted" field name`);
        string();
        ws();
        if (text[i] !== ':') throw new Bad(i, `${describe()}, expected ":"`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        throw new Bad(i, `${describe()}, expected "," or "}"`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        throw new Bad(i, `${describe()}, expected "," or "]"`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Bad(i, `${describe()} after the end of the document`);
    return undefined;
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    const before = text.slice(0, e.pos);
    const line = before.split('\n').length;
    return { line, column: e.pos - before.lastIndexOf('\n'), message: e.message };
  }
}
