/**
 * The Responses translation adds no buffering: a text, reasoning or custom-tool-input delta reaches the SDK
 * while the upstream still holds the rest of its stream (the upstream waits for the client to have it,
 * with a 3 s give-up, so the proof does not depend on timing margins). And a keep-alive comment goes out
 * while the upstream is silent.
 */
import { describe, expect, it } from 'vitest';
import { gate, sleep } from '../../support/fake-upstream';
import { an, oa, postRaw, useRig } from '../translation-e2e/helpers';

const start = useRig();
const GIVE_UP_MS = 3_000;
const waitFor = (g: { promise: Promise<void> }) => Promise.race([g.promise.then(() => true), sleep(GIVE_UP_MS).then(() => false)]);

describe('Responses client: no buffering', () => {
  it('Chat upstream: reasoning, text and custom-tool input each reach the SDK before the upstream goes on', async () => {
    const saw = { reasoning: gate(), text: gate(), input: gate() };
    const held: boolean[] = [];
    const { openai } = await start('openai', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(oa.chunk({ role: 'assistant', reasoning_content: 'pondering' }));
      held.push(await waitFor(saw.reasoning));
      res.write(oa.chunk({ content: 'first' }));
      held.push(await waitFor(saw.text));
      res.write(oa.tool(0, '{"input":"*** Begin', { id: 'call_1', name: 'apply_patch' }));
      held.push(await waitFor(saw.input));
      res.end(oa.tool(0, ' Patch"}') + oa.chunk({}, 'tool_calls') + oa.DONE);
    });
    const stream = openai.responses.stream({ model: 'x', input: 'q', tools: [{ type: 'custom', name: 'apply_patch' }] as any });
    stream.on('event', (e: any) => {
      if (e.type === 'response.reasoning_summary_text.delta') saw.reasoning.open();
      if (e.type === 'response.output_text.delta') saw.text.open();
      if (e.type === 'response.custom_tool_call_input.delta' && e.delta === '*** Begin') saw.input.open();
    });
    const final = await stream.finalResponse();
    expect(held).toEqual([true, true, true]);
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'custom_tool_call']);
  });

  it('Anthropic upstream: the first text delta is not held back', async () => {
    const seen = gate();
    let held: Promise<boolean> | undefined;
    const { openai } = await start('anthropic', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(an.start() + an.blockStart(0, { type: 'text', text: '' }) + an.text(0, 'first'));
      held = waitFor(seen);
      return held.then(() => void res.end(an.text(0, ' rest') + an.blockStop(0) + an.end('end_turn').join('')));
    });
    const stream = openai.responses.stream({ model: 'x', input: 'q' });
    stream.on('response.output_text.delta', (e) => {
      if (e.delta === 'first') seen.open();
    });
    expect((await stream.finalResponse()).output_text).toBe('first rest');
    expect(await held).toBe(true);
  });

  it('a silent upstream: keep-alive comments, which the grammar ignores', async () => {
    const { proxy } = await start(
      'openai',
      async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(oa.chunk({ role: 'assistant', content: 'a' }));
        await sleep(450);
        res.end(oa.chunk({}, 'stop') + oa.DONE);
      },
      { server: { pingIntervalMs: 100 } },
    );
    const r = await postRaw(proxy.url, '/v1/responses', { model: 'x', input: 'q', stream: true });
    expect(r.text).toContain(': ping\n\n');
    expect(r.events.filter((e) => e.event !== ':').at(-1)!.data.type).toBe('response.completed');
  });
});
