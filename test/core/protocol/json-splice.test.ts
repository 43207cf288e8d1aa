import { describe, expect, it } from 'vitest';
import { replaceTopLevelString } from '../../../electron/core/protocol/json-splice';

const splice = (s: string, v = 'NEW') => replaceTopLevelString(Buffer.from(s), 'model', v)?.toString();

describe('replaceTopLevelString', () => {
  it('replaces only the top-level field, keeping every other byte', () => {
    expect(splice('{"model":"a","messages":[]}')).toBe('{"model":"NEW","messages":[]}');
    expect(splice('{ "max_tokens" : 5 ,\n "messages":[{"model":"nested","x":"\\"model\\":"}], "model" : "a" }')).toBe(
      '{ "max_tokens" : 5 ,\n "messages":[{"model":"nested","x":"\\"model\\":"}], "model" : "NEW" }',
    );
  });

  it('escapes the new value', () => {
    expect(splice('{"model":"a"}', 'p/"q"')).toBe('{"model":"p/\\"q\\""}');
  });

  it('handles escaped keys and values with escapes', () => {
    expect(splice('{"mod\\u0065l":"a\\"b"}')).toBe('{"mod\\u0065l":"NEW"}');
  });

  it('returns undefined when there is nothing safe to splice', () => {
    expect(splice('{"messages":[]}')).toBeUndefined();
    expect(splice('{"model":42}')).toBeUndefined();
    expect(splice('[1]')).toBeUndefined();
    expect(splice('{"model":"unterminated')).toBeUndefined();
  });
});
