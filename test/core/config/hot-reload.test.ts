/**
 * Live config under continuous traffic: while both SDKs stream and post through aimux to two
 * upstreams (one per protocol), the routing flips through the API and through edits of the file on
 * disk, and a provider's endpoint moves to a new upstream (its pool is replaced). Zero failed
 * requests; each request finishes on the config it started with, and new requests follow the change.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicMessage, anthropicTextStream, json, openAICompletion, openAITextStream, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function upstream(kind: 'openai' | 'anthropic', name: string): Promise<FakeUpstream> {
  const up = await startFakeUpstream((req, res) => {
    const stream = req.json?.stream === true;
    const text = `from ${name}`;
    if (kind === 'openai') return stream ? sse(res, openAITextStream(['from ', name], { usage: true }), { pauseAfter: { 1: 10 } }) : json(res, 200, openAICompletion(text));
    return stream ? sse(res, anthropicTextStream(['from ', name]), { pauseAfter: { 2: 10 } }) : json(res, 200, anthropicMessage(text));
  });
  closers.push(() => up.close());
  return up;
}

const doc = (a: string, b: string, order: 'ab' | 'ba') => ({
  version: 2,
  providers: [
    { id: 'a', protocol: 'openai', baseUrl: `${a}/v1`, apiKeys: ['env:K'], models: ['ma'] },
    { id: 'b', protocol: 'anthropic', baseUrl: b, apiKeys: ['env:K'], models: ['mb'] },
  ],
  routing: { default: order === 'ab' ? ['a/ma', 'b/mb'] : ['b/mb', 'a/ma'] },
});

describe('live config under load', () => {
  it('reloads from the API and from the file while both protocols stream, with zero failed requests', async () => {
    const a1 = await upstream('openai', 'a1');
    const a2 = await upstream('openai', 'a2');
    const b = await upstream('anthropic', 'b');
    const svc: TestService = await startService({ config: doc(a1.url, b.url, 'ab'), env: { K: 'sk-test-reload-0123456789' }, watch: true });
    closers.push(() => svc.close());
    const anthropic = new Anthropic({ baseURL: svc.url, apiKey: 'x', maxRetries: 0 });
    const openai = new OpenAI({ baseURL: `${svc.url}/v1`, apiKey: 'x', maxRetries: 0 });

    let stop = false;
    const failures: string[] = [];
    let done = 0;
    const answers = new Set<string>();
    const client = async (i: number) => {
      while (!stop) {
        try {
          let text = '';
          switch (i % 4) {
            case 0: {
              const s = anthropic.messages.stream({ model: 'any', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
              text = (await s.finalText()) ?? '';
              break;
            }
            case 1: {
              const m = await anthropic.messages.create({ model: 'any', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
              text = m.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
              break;
            }
            case 2: {
              const s = await openai.chat.completions.create({ model: 'any', stream: true, messages: [{ role: 'user', content: 'hi' }] });
              for await (const c of s) text += c.choices[0]?.delta.content ?? '';
              break;
            }
            default: {
              const c = await openai.chat.completions.create({ model: 'any', messages: [{ role: 'user', content: 'hi' }] });
              text = c.choices[0]?.message.content ?? '';
            }
          }
          if (!/^from (a1|a2|b)$/.test(text)) failures.push(`client ${i}: unexpected answer ${JSON.stringify(text)}`);
          answers.add(text);
          done++;
        } catch (err) {
          failures.push(`client ${i}: ${(err as Error).message}`);
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));

    const path = join(svc.dataDir, 'config.json');
    const revisions: number[] = [];
    svc.service.on('config', (c) => revisions.push(c.revision));
    const changes = 24;
    for (let n = 0; n < changes; n++) {
      await new Promise((r) => setTimeout(r, 60));
      const aUrl = n % 6 < 3 ? a1.url : a2.url;
      if (n % 2 === 0) {
        await svc.api.setRouting({ routing: { default: n % 4 === 0 ? ['b/mb', 'a/ma'] : ['a/ma', 'b/mb'] } });
        await svc.api.updateProvider({ id: 'a', patch: { baseUrl: `${aUrl}/v1` } });
      } else {
        writeFileSync(path, JSON.stringify(doc(aUrl, b.url, n % 4 === 1 ? 'ba' : 'ab')));
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(50);
    expect(answers).toEqual(new Set(['from a1', 'from a2', 'from b']));
    // API changes and file edits both applied (a file write that equals the last text is no change).
    expect(revisions.length).toBeGreaterThan(changes / 2 + 2);
  }, 60_000);
});
