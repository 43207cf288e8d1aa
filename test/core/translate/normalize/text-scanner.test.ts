import { describe, expect, it } from 'vitest';
import { FENCE_PROBE_CHARS, TextScanner, type TextSegment } from '../../../../electron/core/translate/normalize/text-scanner';
import { splits } from './support';

const BASH = new Map([['Bash', { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'number' } } }]]);

/** Merged segments of one text block pushed in `pieces`. */
function scan(pieces: string[], opts: { thinkTags?: boolean; tools?: boolean } = {}): TextSegment[] {
  const s = new TextScanner({ thinkTags: opts.thinkTags ?? true, toolCalls: opts.tools ? BASH : undefined });
  const out: TextSegment[] = [];
  for (const seg of [...pieces.flatMap((p) => s.push(p)), ...s.end()]) {
    const last = out[out.length - 1];
    if (last && last.kind === seg.kind && (seg.kind === 'text' || seg.kind === 'thinking')) (last as { text: string }).text += seg.text;
    else out.push({ ...seg });
  }
  return out;
}

/** The same result however the text is cut into pieces. */
function everySplit(text: string, opts: { thinkTags?: boolean; tools?: boolean } = {}): TextSegment[] {
  const [first, ...rest] = splits(text).map((p) => scan(p, opts));
  for (const r of rest) expect(r).toEqual(first);
  return first!;
}

describe('think tags', () => {
  it.each([
    ['<think>plan it</think>\n\nHello', 'plan it', 'Hello'],
    ['  \n<thinking>\nplan it</thinking>Hello', 'plan it', 'Hello'],
    ['<think>a < b and </thin k></think>ok', 'a < b and </thin k>', 'ok'],
  ])('%j becomes thinking, then text (every split)', (text, thinking, after) => {
    expect(everySplit(text)).toEqual([{ kind: 'thinking', text: thinking }, { kind: 'thinking_end' }, { kind: 'text', text: after }]);
  });

  it('only at the start of the text output; elsewhere, or with the quirk off, the tags are text', () => {
    expect(everySplit('Hi <think>x</think>')).toEqual([{ kind: 'text', text: 'Hi <think>x</think>' }]);
    expect(everySplit('<thinker>')).toEqual([{ kind: 'text', text: '<thinker>' }]);
    expect(everySplit('<think>x</think>y', { thinkTags: false })).toEqual([{ kind: 'text', text: '<think>x</think>y' }]);
  });

  it('thinking without its closing tag ends with the text block', () => {
    expect(everySplit('<think>still thinking')).toEqual([{ kind: 'thinking', text: 'still thinking' }, { kind: 'thinking_end' }]);
  });

  it('holds back only what may still be a tag', () => {
    const s = new TextScanner({ thinkTags: true, toolCalls: undefined });
    expect(s.push('  ')).toEqual([]);
    expect(s.push('<thi')).toEqual([]);
    expect(s.push('nk>reason')).toEqual([{ kind: 'thinking', text: 'reason' }]);
    expect(s.push('ing </th')).toEqual([{ kind: 'thinking', text: 'ing ' }]);
    expect(s.push('ink>  Hello')).toEqual([{ kind: 'thinking_end' }, { kind: 'text', text: 'Hello' }]);
    expect(s.push(' world <')).toEqual([{ kind: 'text', text: ' world <' }]);
    const plain = new TextScanner({ thinkTags: true, toolCalls: undefined });
    expect(plain.push('Hello')).toEqual([{ kind: 'text', text: 'Hello' }]);
  });
});

describe('tool calls written as text', () => {
  const call = { kind: 'tool', name: 'Bash', input: { command: 'ls -la' } };

  it.each([
    ['Let me look.\n<tool_call>\n{"name": "Bash", "arguments": {"command": "ls -la"}}\n</tool_call>\nDone', 'Let me look.\n', 'Done'],
    ['<tool_call>{"name":"Bash","arguments":"{\\"command\\":\\"ls -la\\"}"}</tool_call>', '', ''],
    ['<tool_call><function=Bash>\n<parameter=command>\nls -la\n</parameter>\n</function></tool_call>', '', ''],
    ['<tool_call><invoke name="Bash"><parameter name="command">ls -la</parameter></invoke></tool_call>', '', ''],
    ['I will run it:\n```json\n{"name": "Bash", "arguments": {"command": "ls -la",}}\n```\nok', 'I will run it:\n', 'ok'],
    ['```\n{"type":"function","function":{"name":"Bash","arguments":"{\\"command\\":\\"ls -la\\"}"}}\n```', '', ''],
    ['<tool_call>{"name": "Bash", "arguments": {"command": "ls -la"}}', '', ''],
  ])('%j (every split)', (text, before, after) => {
    const expected: TextSegment[] = [];
    if (before) expected.push({ kind: 'text', text: before });
    expected.push(call as TextSegment);
    if (after) expected.push({ kind: 'text', text: after });
    expect(everySplit(text, { tools: true })).toEqual(expected);
  });

  it('typed parameters follow the tool schema', () => {
    const segs = everySplit('<tool_call><function=Bash><parameter=command>sleep 1</parameter><parameter=timeout>5000</parameter></function></tool_call>', { tools: true });
    expect(segs).toEqual([{ kind: 'tool', name: 'Bash', input: { command: 'sleep 1', timeout: 5000 } }]);
  });

  it.each([
    '<tool_call>{"name": "Unknown", "arguments": {}}</tool_call>',
    '<tool_call>not json</tool_call>',
    '```json\n{"name": "my-package", "version": "1.0.0"}\n```\n',
    '```ts\nconst a = `x`;\n```\nafter',
    '```\nplain code\n```',
    'a <b>tag</b> and `inline` code',
  ])('%j stays text, as written', (text) => {
    expect(everySplit(text, { tools: true })).toEqual([{ kind: 'text', text }]);
  });

  it('without the quirk (or without offered tools) nothing is recognised', () => {
    const text = '<tool_call>{"name": "Bash", "arguments": {"command": "ls"}}</tool_call>';
    expect(everySplit(text, { tools: false })).toEqual([{ kind: 'text', text }]);
  });

  it('a fenced JSON block that names no offered tool is released after at most FENCE_PROBE_CHARS', () => {
    const s = new TextScanner({ thinkTags: false, toolCalls: BASH });
    const head = '```json\n{"data": [';
    expect(s.push(head)).toEqual([]);
    const more = '1, '.repeat(FENCE_PROBE_CHARS);
    const out = s.push(more);
    expect(out.map((x) => (x as { text: string }).text).join('')).toBe(head + more);
  });

  it('ordinary code blocks are not held', () => {
    const s = new TextScanner({ thinkTags: false, toolCalls: BASH });
    expect(s.push('```python\nprint(1)\n')).toEqual([{ kind: 'text', text: '```python\nprint(1)\n' }]);
  });
});
