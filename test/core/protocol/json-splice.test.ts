import { describe, expect, it } from 'vitest';
import { replaceTopLevelString, replaceTopLevelValue, spliceTopLevel } from '../../../electron/core/protocol/json-splice';

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

describe('replaceTopLevelValue', () => {
  const put = (s: string, field: string, json: string, kind?: 'string' | 'number' | 'any') =>
    replaceTopLevelValue(Buffer.from(s), field, json, kind)?.toString();

  it('replaces a number, an object or an array, and nothing else', () => {
    expect(put('{"model":"a", "max_tokens" : 128000,"stream":true}', 'max_tokens', '32000', 'number')).toBe('{"model":"a", "max_tokens" : 32000,"stream":true}');
    expect(put('{"max_tokens":-1}', 'max_tokens', '5', 'number')).toBe('{"max_tokens":5}');
    expect(put('{"tools":[{"a":{"b":"]"}}],"x":1}', 'tools', '[]')).toBe('{"tools":[],"x":1}');
    expect(put('{"thinking":{"type":"enabled","budget_tokens":9}}', 'thinking', '{"type":"disabled"}')).toBe('{"thinking":{"type":"disabled"}}');
  });

  it('refuses a value of another kind, or a missing field', () => {
    expect(put('{"max_tokens":"12"}', 'max_tokens', '5', 'number')).toBeUndefined();
    expect(put('{"max_tokens":null}', 'max_tokens', '5', 'number')).toBeUndefined();
    expect(put('{"model":"a"}', 'max_tokens', '5')).toBeUndefined();
  });
});

describe('spliceTopLevel', () => {
  const set = (s: string, replace: Record<string, string>, insert: Record<string, string> = {}) => spliceTopLevel(Buffer.from(s), replace, insert)?.toString();

  it('replaces values of any type and inserts missing fields first, every other byte kept', () => {
    expect(set('{ "model" : "a",\n "messages":[{"stream":false}], "stream" : false }', { model: '"b"', stream: 'true' })).toBe(
      '{ "model" : "b",\n "messages":[{"stream":false}], "stream" : true }',
    );
    expect(set('{"model":"a","stream_options":{"include_usage":false}}', { stream_options: '{"include_usage":true}' }, { stream: 'true' })).toBe(
      '{"stream":true,"model":"a","stream_options":{"include_usage":true}}',
    );
    expect(set(' {}', {}, { stream: 'true' })).toBe(' {"stream":true}');
  });

  it('returns undefined when a field to replace is missing or the body is malformed', () => {
    expect(set('{"model":"a"}', { stream: 'true' })).toBeUndefined();
    expect(set('[1]', {}, { stream: 'true' })).toBeUndefined();
    expect(set('{"model":"a" "stream":false}', { stream: 'true' })).toBeUndefined();
  });
});
