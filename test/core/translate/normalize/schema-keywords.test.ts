import { describe, expect, it } from 'vitest';
import { stripRequestSchemas, stripSchemaKeywords } from '../../../../electron/core/translate/normalize/schema-keywords';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    // Properties named like keywords are names, not keywords: they stay.
    format: { type: 'string', format: 'uri' },
    $schema: { type: 'string' },
    list: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { x: { type: 'string', format: 'date' } } } },
    either: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] },
  },
  $defs: { d: { type: 'string', format: 'uuid' } },
};

describe('stripSchemaKeywords', () => {
  it('removes keywords at every depth, never a property of the same name', () => {
    const removed = new Set<string>();
    expect(stripSchemaKeywords(schema, new Set(['$schema', 'format', 'additionalProperties']), removed)).toEqual({
      type: 'object',
      properties: {
        format: { type: 'string' },
        $schema: { type: 'string' },
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'string' } } } },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      $defs: { d: { type: 'string' } },
    });
    expect([...removed].sort()).toEqual(['$schema', 'additionalProperties', 'format']);
  });

  it('a request of either protocol: only the fields that change, the body untouched', () => {
    const anthropic = { tools: [{ name: 'a', input_schema: schema }], output_config: { format: { type: 'json_schema', schema } } };
    const before = JSON.stringify(anthropic);
    const r = stripRequestSchemas(anthropic, ['$schema']);
    expect(Object.keys(r!.fields)).toEqual(['tools', 'output_config']);
    expect(JSON.stringify(r!.fields)).not.toContain('json-schema.org');
    expect(JSON.stringify(anthropic)).toBe(before);
    const openai = { tools: [{ type: 'function', function: { name: 'a', parameters: schema } }], response_format: { type: 'json_schema', json_schema: { name: 'r', schema } } };
    expect(Object.keys(stripRequestSchemas(openai, ['$schema'])!.fields)).toEqual(['tools', 'response_format']);
    expect(stripRequestSchemas(openai, ['minLength'])).toBeUndefined();
    expect(stripRequestSchemas(openai, [])).toBeUndefined();
  });
});
