import { describe, expect, it } from 'vitest';
import { JsonArgsRepairer, repairJsonArguments } from '../../../../electron/core/translate/normalize/json-args';
import { splits } from './support';

function streamed(pieces: string[]) {
  const r = new JsonArgsRepairer();
  const sent = pieces.map((p) => r.push(p)).join('');
  const end = r.end();
  return end.ok ? { ok: true as const, text: sent + end.tail, repaired: end.repaired } : end;
}

describe('tool argument repair', () => {
  it.each([
    ['{"a":1}', { a: 1 }, false],
    ['', {}, false],
    ['  ', {}, false],
    ['{"a":1,}', { a: 1 }, true],
    ['{"a":[1,2 , ] ,\n}', { a: [1, 2] }, true],
    ['{"command":"ls"', { command: 'ls' }, true],
    ['{"a":{"b":[1,{"c":2}', { a: { b: [1, { c: 2 }] } }, true],
    ['{"a":"x,}",', { a: 'x,}' }, true],
    ['{"a":"quote \\" , ]",}', { a: 'quote " , ]' }, true],
  ])('%j → %j', (text, value, repaired) => {
    expect(repairJsonArguments(text)).toEqual({ ok: true, value, repaired });
    for (const pieces of splits(text)) {
      const s = streamed(pieces);
      expect(s.ok).toBe(true);
      if (s.ok) expect(JSON.parse(s.text || '{}')).toEqual(value);
    }
  });

  it.each([
    ['{"a":"unterminated', 'they end inside a string'],
    ["{'a':1}", 'they are not valid JSON'],
    ['{"a":}', 'they are not valid JSON'],
    ['{"a":1} trailing', 'they are not valid JSON'],
    ['[1,2]', 'they are not a JSON object'],
    ['"a string"', 'they are not a JSON object'],
    ['{"a":True}', 'they are not valid JSON'],
  ])('%j cannot be used: %s', (text, reason) => {
    const r = repairJsonArguments(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.startsWith(reason)).toBe(true);
  });

  it('passes arguments on at once; only a comma and the whitespace after it wait for the next character', () => {
    const r = new JsonArgsRepairer();
    expect(r.push('{"command":"echo hi"')).toBe('{"command":"echo hi"');
    expect(r.push(', ')).toBe('');
    expect(r.push('"d"')).toBe(', "d"');
    expect(r.push(':"x",')).toBe(':"x"');
    expect(r.push('}')).toBe('}');
    expect(r.end()).toEqual({ ok: true, tail: '', repaired: true });
  });
});
