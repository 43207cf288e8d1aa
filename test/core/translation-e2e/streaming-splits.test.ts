/**
 * Streams split at awkward places, at two levels at once:
 * - the model's own fragments (tool argument deltas) end inside a JSON string, inside a `\u00e9`-style
 *   escape and between the two halves of an escaped surrogate pair;
 * - the raw upstream bytes are cut (separate writes, each written only once the proxy has consumed the
 *   previous one, so the cuts are really chunk boundaries inside the proxy) inside a
 *   multi-byte UTF-8 character, inside an escape of the SSE data's own JSON, between the two characters
 *   of an escaped backslash, inside the `data:` field name and between the two newlines of an event end.
 * Whatever the cuts, the SDK must end up with exactly the intended tool input and text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { an, anthropicShape, cutAt, oa, offsetIn, postRaw, useRig, watchProxyParser, writeInLockstep } from './helpers';

const start = useRig();
afterEach(() => {
  vi.restoreAllMocks();
});

const bash = { name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' }, path: { type: 'string' } } } };
const bashTool = { type: 'function' as const, function: { name: 'Bash', parameters: bash.input_schema } };

/** The arguments text exactly as a model emits it: escapes (é, 🎉 as a surrogate pair) and raw UTF-8 (—, 世界, ü). */
const ARGS = '{"command":"echo \\"caf\\u00e9\\" \\ud83c\\udf89 — 世界","path":"/tmp/ü"}';
const INPUT = { command: 'echo "café" 🎉 — 世界', path: '/tmp/ü' };
/** The model's fragments: cut inside a string, inside `\u00e9`, between `\ud83c` and `\udf89`, inside the key "path". */
const FRAGMENTS = ['{"command":"ec', 'ho \\"caf\\u00', 'e9\\" \\ud83c', '\\udf89 — 世界","pa', 'th":"/tmp/ü"}'];
const TEXT = 'Voilà — 完成 ✅';

describe('split streams', () => {
  it('the fragments reassemble the intended arguments (sanity check of the fixture)', () => {
    expect(FRAGMENTS.join('')).toBe(ARGS);
    expect(JSON.parse(ARGS)).toEqual(INPUT);
  });

  it('Anthropic client, OpenAI upstream: tool input and text arrive whole whatever the byte and fragment cuts', async () => {
    // The SSE data's own JSON escapes `ü` as \u00fc, so a byte cut can land inside that escape too.
    const frames = [
      oa.chunk({ role: 'assistant', content: '' }),
      oa.chunk({ content: TEXT }),
      oa.tool(0, FRAGMENTS[0]!, { id: 'call_split', name: 'Bash' }),
      ...FRAGMENTS.slice(1).map((f) => oa.tool(0, f).replace('ü', '\\u00fc')),
      oa.chunk({}, 'tool_calls'),
      oa.usage({ prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 }),
      oa.DONE,
    ];
    const bytes = Buffer.from(frames.join(''));
    const cuts = [
      offsetIn(bytes, 'data: {', 2), // inside the field name "data"
      offsetIn(bytes, Buffer.from('完'), 1), // inside a 3-byte character
      offsetIn(bytes, Buffer.from('✅'), 2), // inside another 3-byte character
      offsetIn(bytes, '"ec"', 2), // inside a JSON string (mid fragment text)
      offsetIn(bytes, '\\\\u00"', 1), // between the two characters of the escaped backslash of \u00
      offsetIn(bytes, '\\\\ud83c', 4), // inside the escape text \ud83c
      offsetIn(bytes, Buffer.from('世'), 2), // inside a 3-byte character
      offsetIn(bytes, '\\u00fc', 4), // inside the SSE JSON's own escape of ü
      offsetIn(bytes, '}\n\n', 2), // between the two newlines that end an event
    ].sort((a, b) => a - b);
    const watch = watchProxyParser();
    const { anthropic, proxy } = await start('openai', (_req, res) => writeInLockstep(res, cutAt(bytes, cuts), watch));

    const stream = anthropic.messages.stream({ model: 'x', max_tokens: 100, tools: [bash], messages: [{ role: 'user', content: 'go' }] });
    const partials: string[] = [];
    stream.on('inputJson', (partial) => partials.push(partial));
    const m = await stream.finalMessage();
    expect(m.content).toEqual([
      { type: 'text', text: TEXT },
      { type: 'tool_use', id: 'call_split', name: 'Bash', input: INPUT },
    ]);
    expect(m.stop_reason).toBe('tool_use');
    expect(partials.join('')).toBe(ARGS);
    for (const c of cuts) expect(watch.boundaries).toContain(c);

    // The raw events carry the arguments text unchanged, fragment by fragment, in one block.
    const raw = await postRaw(proxy.url, '/v1/messages', { model: 'x', max_tokens: 100, stream: true, tools: [bash], messages: [{ role: 'user', content: 'go' }] });
    const json = raw.events.filter((e) => e.data.delta?.type === 'input_json_delta').map((e) => e.data.delta.partial_json);
    expect(json).toEqual(FRAGMENTS);
    expect(anthropicShape(raw.events).filter((s) => !s.includes('delta'))).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_stop:1',
      'message_stop',
    ]);
  });

  it('OpenAI client, Anthropic upstream (CRLF line ends): tool arguments, reasoning and text arrive whole', async () => {
    const frames = [
      an.start(),
      an.blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      an.thinking(0, 'Überlegung: 日本'),
      an.signature(0, 'c2ln'),
      an.blockStop(0),
      an.blockStart(1, { type: 'text', text: '' }),
      an.text(1, TEXT),
      an.blockStop(1),
      an.toolUse(2, 'toolu_split', 'Bash'),
      ...FRAGMENTS.map((f) => an.json(2, f).replace('ü', '\\u00fc')),
      an.blockStop(2),
      ...an.end('tool_use'),
    ];
    const bytes = Buffer.from(frames.join('').replace(/\n/g, '\r\n'));
    const cuts = [
      offsetIn(bytes, 'event: content_block_delta', 9), // inside the event name
      offsetIn(bytes, Buffer.from('Ü'), 1), // inside a 2-byte character
      offsetIn(bytes, Buffer.from('本'), 2), // inside a 3-byte character
      offsetIn(bytes, Buffer.from('✅'), 1), // inside another 3-byte character
      offsetIn(bytes, '\\\\u00"', 1), // between the two characters of the escaped backslash of \u00
      offsetIn(bytes, '\\\\udf89', 5), // inside the escape text \udf89
      offsetIn(bytes, Buffer.from('界'), 1), // inside a 3-byte character
      offsetIn(bytes, '\\u00fc', 3), // inside the SSE JSON's own escape of ü
      offsetIn(bytes, '}\r\n\r\n', 2), // between CR and LF
      offsetIn(bytes, '}\r\n\r\n', 3), // between the two line ends
    ].sort((a, b) => a - b);
    const watch = watchProxyParser();
    const { openai } = await start('anthropic', (_req, res) => writeInLockstep(res, cutAt(bytes, cuts), watch));

    const chunks = [];
    for await (const c of await openai.chat.completions.create({ model: 'x', max_tokens: 100, stream: true, tools: [bashTool], messages: [{ role: 'user', content: 'go' }] })) chunks.push(c);
    const deltas = chunks.map((c) => c.choices[0]?.delta as Record<string, any> | undefined);
    expect(deltas.map((d) => d?.reasoning_content ?? '').join('')).toBe('Überlegung: 日本');
    expect(deltas.map((d) => d?.content ?? '').join('')).toBe(TEXT);
    const args = deltas.flatMap((d) => (d?.tool_calls ?? []).map((t: any) => t.function.arguments as string));
    expect(args).toEqual(['', ...FRAGMENTS]);
    expect(JSON.parse(args.join(''))).toEqual(INPUT);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
    for (const c of cuts) expect(watch.boundaries).toContain(c);
  });

  it('the OpenAI SDK stream helper assembles the same arguments', async () => {
    const frames = [an.start(), an.toolUse(0, 'toolu_s', 'Bash'), ...FRAGMENTS.map((f) => an.json(0, f)), an.blockStop(0), ...an.end('tool_use')];
    const bytes = Buffer.from(frames.join(''));
    const cuts = [offsetIn(bytes, Buffer.from('世'), 1), offsetIn(bytes, Buffer.from('ü'), 1), offsetIn(bytes, '\\\\ud83c', 3)].sort((a, b) => a - b);
    const watch = watchProxyParser();
    const { openai } = await start('anthropic', (_req, res) => writeInLockstep(res, cutAt(bytes, cuts), watch));
    const final = await openai.chat.completions.stream({ model: 'x', max_tokens: 100, tools: [bashTool], messages: [{ role: 'user', content: 'go' }] }).finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls).toEqual([{ id: 'toolu_s', type: 'function', function: { name: 'Bash', arguments: ARGS } }]);
    for (const c of cuts) expect(watch.boundaries).toContain(c);
  });

  it('every byte of the tool-call events fed to the proxy on its own: the Anthropic SDK still gets the exact tool input', async () => {
    const head = Buffer.from(oa.chunk({ role: 'assistant', content: null }));
    const tail = Buffer.from(oa.chunk({}, 'tool_calls') + oa.DONE);
    const body = Buffer.from([oa.tool(0, FRAGMENTS[0]!, { id: 'call_b', name: 'Bash' }), ...FRAGMENTS.slice(1).map((f) => oa.tool(0, f))].join(''));
    const pieces = [head, ...Array.from({ length: body.length }, (_, i) => body.subarray(i, i + 1)), tail];
    const watch = watchProxyParser();
    const { anthropic } = await start('openai', (_req, res) => writeInLockstep(res, pieces, watch));
    const m = await anthropic.messages.stream({ model: 'x', max_tokens: 100, tools: [bash], messages: [{ role: 'user', content: 'go' }] }).finalMessage();
    expect(m.content).toEqual([{ type: 'tool_use', id: 'call_b', name: 'Bash', input: INPUT }]);
    expect(watch.boundaries.length).toBe(pieces.length);
  });
});
