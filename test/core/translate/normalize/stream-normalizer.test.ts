/**
 * The normalizer on whole pipelines: upstream SSE bytes → SseParser → (OpenAI → Anthropic translator) →
 * normalizer, with the model's text cut at every character (tags split across deltas) and the bytes cut at
 * every byte (one chunk per byte, and every two-way cut).
 */
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../../electron/core/protocol/anthropic';
import { SseParser } from '../../../../electron/core/protocol/sse-parser';
import { ChatToAnthropicStream } from '../../../../electron/core/translate/index';
import { AnthropicStreamNormalizer, normalizeAnthropicMessage, normalizeOptionsFor } from '../../../../electron/core/translate/normalize/index';
import { an, oa } from '../../translation-e2e/helpers';
import { responseCtx } from '../targets';
import { assemble, splits } from './support';

const TOOLS = [{ name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
const opts = (textToolCalls = true) => normalizeOptionsFor('glm', { thinkTags: true, textToolCalls }, TOOLS);
const SIGNED = 'aimux:v1:glm';

function openAIFrames(deltas: string[]): Buffer {
  return Buffer.from([oa.chunk({ role: 'assistant', content: '' }), ...deltas.map((d) => oa.chunk({ content: d })), oa.chunk({}, 'stop'), oa.DONE].join(''));
}

/** The proxy's translated path, from bytes. */
function runOpenAI(chunks: Buffer[], textToolCalls = true): AnthropicStreamEvent[] {
  const parser = new SseParser();
  const tr = new ChatToAnthropicStream(responseCtx({ providerId: 'glm', id: 'msg_n1' }));
  const norm = new AnthropicStreamNormalizer(opts(textToolCalls));
  const out: AnthropicStreamEvent[] = [];
  const feed = (events: AnthropicStreamEvent[]) => events.forEach((e) => out.push(...norm.push(e)));
  for (const c of chunks) for (const ev of parser.push(c)) if (ev.data !== '[DONE]') feed(tr.push(JSON.parse(ev.data)));
  feed(tr.end());
  return out;
}

/** An anthropic-protocol provider's stream, parsed and normalized. */
function runAnthropic(chunks: Buffer[]): AnthropicStreamEvent[] {
  const parser = new SseParser();
  const norm = new AnthropicStreamNormalizer(opts());
  const out: AnthropicStreamEvent[] = [];
  for (const c of chunks) for (const ev of parser.push(c)) out.push(...norm.push(JSON.parse(ev.data)));
  return out;
}

const byteSplits = (b: Buffer): Buffer[][] => {
  const out: Buffer[][] = [[...b].map((x) => Buffer.from([x]))];
  for (let k = 1; k < b.length; k++) out.push([b.subarray(0, k), b.subarray(k)]);
  return out;
};

const TEXT = '<think>Need the listing.</think>\n\nLooking now.\n<tool_call>\n{"name": "Bash", "arguments": {"command": "ls -la",}}\n</tool_call>';
const EXPECTED = [
  { type: 'thinking', thinking: 'Need the listing.', signature: SIGNED },
  { type: 'text', text: 'Looking now.\n' },
  { type: 'tool_use', id: 'toolu_n1_t0', name: 'Bash', input: { command: 'ls -la' } },
];

describe('normalization of a translated (OpenAI) stream', () => {
  it('the model text cut at every character gives the same blocks', () => {
    for (const deltas of splits(TEXT)) {
      const m = assemble(runOpenAI([openAIFrames(deltas)]));
      expect(m.content).toEqual(EXPECTED);
      expect(m.stopReason).toBe('tool_use');
      expect(m.stopped).toBe(true);
    }
  });

  it('the upstream bytes cut at every byte give the same blocks', () => {
    const bytes = openAIFrames(['<th', 'ink>Need the listing.</thi', 'nk>\n\nLooking now.\n<tool_', 'call>\n{"name": "Bash", "arguments": {"command": "ls -la",}}\n</tool_call>']);
    for (const chunks of byteSplits(bytes)) expect(assemble(runOpenAI(chunks)).content).toEqual(EXPECTED);
  });

  it('without textToolCalls the call stays text; the think tags still become thinking', () => {
    const m = assemble(runOpenAI([openAIFrames([TEXT])], false));
    expect(m.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(m.content[1]!.text).toBe(TEXT.slice(TEXT.indexOf('Looking')));
    expect(m.stopReason).toBe('end_turn');
  });

  it('real tool call arguments with a trailing comma and a missing brace are repaired, whatever the byte cuts', () => {
    const bytes = Buffer.from([oa.tool(0, '{"command":', { id: 'call_1', name: 'Bash' }), oa.tool(0, '"pwd",'), oa.chunk({}, 'tool_calls'), oa.DONE].join(''));
    for (const chunks of byteSplits(bytes)) {
      const m = assemble(runOpenAI(chunks));
      expect(m.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } }]);
      expect(m.error).toBeUndefined();
    }
  });

  it('arguments that cannot be repaired end the stream with an error naming the tool, never a message_stop', () => {
    const bytes = Buffer.from([oa.chunk({ content: 'Running.' }), oa.tool(0, "{'command': 'pwd'}", { id: 'call_1', name: 'Bash' }), oa.chunk({}, 'tool_calls'), oa.DONE].join(''));
    const m = assemble(runOpenAI([bytes]));
    expect(m.stopped).toBe(false);
    expect(m.error?.message).toMatch(/^provider "glm" sent arguments for tool "Bash" that cannot be used: they are not valid JSON/);
  });
});

describe('normalization of an anthropic-protocol stream', () => {
  const frames = (texts: string[]) =>
    Buffer.from(
      [
        an.start(),
        an.blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
        an.thinking(0, 'real thinking'),
        an.signature(0, 'sig-from-upstream'),
        an.blockStop(0),
        an.blockStart(1, { type: 'text', text: '' }),
        ...texts.map((t) => an.text(1, t)),
        an.blockStop(1),
        an.blockStart(2, { type: 'tool_use', id: 'toolu_up', name: 'Bash', input: { command: 'whole-in-start' } }),
        an.blockStop(2),
        ...an.end('end_turn'),
      ].join(''),
    );

  const expected = [
    { type: 'thinking', thinking: 'real thinking', signature: 'sig-from-upstream' },
    { type: 'text', text: 'Sure.\n' },
    { type: 'tool_use', id: 'toolu_up_1_t0', name: 'Bash', input: { command: 'ls' } },
    { type: 'text', text: 'after' },
    { type: 'tool_use', id: 'toolu_up', name: 'Bash', input: { command: 'whole-in-start' } },
  ];
  const text = 'Sure.\n```json\n{"name":"Bash","arguments":{"command":"ls"}}\n```\nafter';

  it('every character cut and every byte cut give the same blocks; indexes are renumbered', () => {
    for (const deltas of splits(text)) expect(assemble(runAnthropic([frames(deltas)])).content).toEqual(expected);
    for (const chunks of byteSplits(frames([text]))) {
      const m = assemble(runAnthropic(chunks));
      expect(m.content).toEqual(expected);
      expect(m.stopReason).toBe('tool_use');
    }
  });

  it('the non-streaming form gives the same message', () => {
    const msg = an.message([
      { type: 'thinking', thinking: 'real thinking', signature: 'sig-from-upstream' },
      { type: 'text', text },
      { type: 'tool_use', id: 'toolu_up', name: 'Bash', input: { command: 'whole-in-start' } },
    ]) as any;
    const out = normalizeAnthropicMessage(msg, opts());
    expect(out.content).toEqual(expected);
    expect(out.stop_reason).toBe('tool_use');
  });
});

describe('no needless holding', () => {
  it('ordinary text deltas come out at once, one event per delta', () => {
    const norm = new AnthropicStreamNormalizer(opts());
    norm.push({ type: 'message_start', message: an.message([]) as any });
    expect(norm.push({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })).toEqual([]);
    expect(norm.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } })).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
    ]);
    expect(norm.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' world' } })).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' world' } },
    ]);
  });
});
