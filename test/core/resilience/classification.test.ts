/**
 * Classification and capability checks as a client sees them: `x-aimux-class`, `x-aimux-provider`,
 * `x-aimux-model` for background (haiku), thinking, longContext, vision and default with every list
 * configured; a class without a list falls back to default; a target lacking a capability the request
 * needs is skipped (it receives nothing) and the next one serves.
 */
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { anthropicKit as kit, eventsOf, openaiKit, providerCfg, send, target, useCleanup } from './helpers';

const track = useCleanup();

const IMAGE = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' } };
const LONG_TEXT = 'lorem ipsum dolor sit amet '.repeat(1200); // ~32k chars ≈ 8k tokens
const THINKING = { thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 2048 };
const TOOLS = { tools: [{ name: 'read_file', description: 'reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }] };
const WEB_SEARCH = { tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 1 }] };

/** One fake upstream behind every provider: provider `x` has baseUrl `<upstream>/x`, so the path says who got it. */
async function setup(providers: Array<[string, Record<string, unknown>?]>, routing: Record<string, unknown>) {
  const up = track(await startFakeUpstream((req, res) => kit.reply(req, res, `from ${req.url.split('/')[1]}`)));
  const proxy = track(await startProxy({ providers: providers.map(([id, extra]) => providerCfg(id, kit, `${up.url}/${id}`, extra ?? {})), routing }));
  const receivers = () => up.requests.map((r) => r.url.split('/')[1]);
  return { up, proxy, receivers };
}

describe('classification headers', () => {
  const ids = ['def', 'bg', 'think', 'long', 'vis'];
  const routing = {
    default: [target('def')],
    background: [target('bg')],
    thinking: [target('think')],
    longContext: [target('long')],
    vision: [target('vis')],
    longContextThreshold: 5000,
    modelMap: { 'fast-*': 'background', 'pinned-*': [target('long')] },
  };

  it.each([
    ['a plain Sonnet request', {}, 'default', 'def'],
    ['a haiku-class model', { model: 'claude-haiku-4-5-20251001' }, 'background', 'bg'],
    ['thinking enabled', THINKING, 'thinking', 'think'],
    ['estimated input over longContextThreshold', { text: LONG_TEXT }, 'longContext', 'long'],
    ['an image', { messages: [{ role: 'user', content: [IMAGE, { type: 'text', text: 'what is this?' }] }] }, 'vision', 'vis'],
    ['haiku with thinking: thinking wins', { model: 'claude-3-5-haiku-latest', ...THINKING }, 'thinking', 'think'],
    ['long with thinking: thinking wins', { text: LONG_TEXT, ...THINKING }, 'thinking', 'think'],
    ['image in a long request: vision wins', { messages: [{ role: 'user', content: [IMAGE, { type: 'text', text: LONG_TEXT }] }] }, 'vision', 'vis'],
    ['a web search tool with no webSearch list: default', WEB_SEARCH, 'default', 'def'],
    ['modelMap glob to a class', { model: 'fast-1' }, 'background', 'bg'],
    ['modelMap glob to a target list', { model: 'pinned-x' }, 'default', 'long'],
    ['explicit provider/model', { model: 'think/special-model' }, 'default', 'think', 'special-model'],
  ])('%s → class %s, served by %s', async (_name, extra, cls, provider, model?: string) => {
    const t = await setup(ids.map((id) => [id]), routing);
    for (const stream of [false, true]) {
      const r = await send(t.proxy.url, kit, kit.body({ stream, ...extra }));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-aimux-class')).toBe(cls);
      expect(r.provider).toBe(provider);
      expect(r.headers.get('x-aimux-model')).toBe(model ?? `${provider}-model`);
      expect(r.attempts).toBe('1');
      expect(kit.textOf(r)).toBe(`from ${provider}`);
    }
    expect(t.receivers()).toEqual([provider, provider]);
  });

  it('OpenAI clients are classified the same way (reasoning_effort → thinking, gpt-*-mini is not background)', async () => {
    const up = track(await startFakeUpstream((req, res) => openaiKit.reply(req, res, `from ${req.url.split('/')[1]}`)));
    const proxy = track(
      await startProxy({
        providers: ['def', 'think', 'bg'].map((id) => providerCfg(id, openaiKit, `${up.url}/${id}`)),
        routing: { default: [target('def')], thinking: [target('think')], background: [target('bg')] },
      }),
    );
    const think = await send(proxy.url, openaiKit, openaiKit.body({ reasoning_effort: 'high' }));
    expect([think.headers.get('x-aimux-class'), think.provider]).toEqual(['thinking', 'think']);
    const mini = await send(proxy.url, openaiKit, openaiKit.body({ model: 'gpt-5-mini', reasoning_effort: 'minimal' }));
    expect([mini.headers.get('x-aimux-class'), mini.provider]).toEqual(['default', 'def']);
    const haiku = await send(proxy.url, openaiKit, openaiKit.body({ model: 'claude-haiku-4-5' }));
    expect([haiku.headers.get('x-aimux-class'), haiku.provider]).toEqual(['background', 'bg']);
  });
});

describe('capability skip', () => {
  it('an image request skips a vision:false target (it receives nothing); a text request still uses it', async () => {
    const t = await setup([['blind', { capabilities: { vision: false } }], ['sees']], { default: [target('blind'), target('sees')] });
    const img = await send(t.proxy.url, kit, kit.body({ stream: true, messages: [{ role: 'user', content: [IMAGE, { type: 'text', text: 'describe' }] }] }));
    expect([img.status, img.provider, img.attempts, kit.textOf(img)]).toEqual([200, 'sees', '1', 'from sees']);
    expect(eventsOf(t.proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(['blind:no-vision']);
    expect(t.receivers()).toEqual(['sees']);
    const text = await send(t.proxy.url, kit, kit.body());
    expect(text.provider).toBe('blind');
    expect(t.receivers()).toEqual(['sees', 'blind']);
  });

  it('when no target in the list has vision, the image request is still served (translation replaces images)', async () => {
    const t = await setup([['blind', { capabilities: { vision: false } }]], { default: [target('blind')] });
    const r = await send(t.proxy.url, kit, kit.body({ messages: [{ role: 'user', content: [IMAGE, { type: 'text', text: 'describe' }] }] }));
    expect([r.status, r.provider]).toEqual([200, 'blind']);
  });

  it('a request with tools skips a tools:false target; a request too long for maxContextTokens skips that target', async () => {
    const t = await setup(
      [['notools', { capabilities: { tools: false } }], ['small', { capabilities: { maxContextTokens: 2000 } }], ['big']],
      { default: [target('notools'), target('small'), target('big')] },
    );
    const tools = await send(t.proxy.url, kit, kit.body(TOOLS));
    expect([tools.status, tools.provider, tools.attempts]).toEqual([200, 'small', '1']);
    const long = await send(t.proxy.url, kit, kit.body({ ...TOOLS, text: LONG_TEXT }));
    expect([long.status, long.provider, long.attempts]).toEqual([200, 'big', '1']);
    expect(t.receivers()).toEqual(['small', 'big']);
    expect(eventsOf(t.proxy.events, 'target.skipped').map((e) => `${e.providerId}:${e.reason}`)).toEqual(['notools:no-tools', 'notools:no-tools', 'small:context-too-large']);
  });
});
