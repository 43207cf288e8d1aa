/**
 * Session affinity over real HTTP: a Claude Code session (`metadata.user_id` JSON with `session_id`, or
 * the `x-claude-code-session-id` header) stays on the target and key it landed on while they are
 * healthy, even when an earlier target in the list is available again; the pin breaks when its target fails.
 */
import { describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../support/fake-upstream';
import { startProxy } from '../../support/proxy';
import { anthropicKit, eventsOf, openaiKit, key, manualClock, providerCfg, send, target, useCleanup, waitFor } from './helpers';
import type { Kit } from './helpers';

const track = useCleanup();
const kit = anthropicKit;

/** What Claude Code puts in `metadata.user_id`. */
const userId = (sessionId: string) => JSON.stringify({ device_id: 'd3v1c3', account_uuid: '', session_id: sessionId });
const inSession = (sessionId: string, extra: Record<string, unknown> = {}) => kit.body({ stream: true, metadata: { user_id: userId(sessionId) }, ...extra });

async function setup(opts: { affinity?: boolean; kit?: Kit } = {}) {
  const k = opts.kit ?? kit;
  const failing = { a: 0, b: 0 }; // how many next requests each upstream fails with a 500
  const cut = { a: 0, b: 0 }; // how many next streams each upstream ends after the first event
  const handler = (id: 'a' | 'b') => async (req: any, res: any) => {
    if (failing[id] > 0) {
      failing[id]--;
      return json(res, 500, k.errorBody('api_error', 'boom'));
    }
    if (cut[id] > 0) {
      cut[id]--;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(k.streamPieces(['x'])[0]); // ends after message_start: the message never finishes
    }
    return k.reply(req, res, `from ${id}`);
  };
  const a = track(await startFakeUpstream(handler('a')));
  const b = track(await startFakeUpstream(handler('b')));
  const proxy = track(
    await startProxy({
      providers: [providerCfg('a', k, a.url, { apiKeys: [key('a', 0), key('a', 1)] }), providerCfg('b', k, b.url)],
      routing: { default: [target('a'), target('b')], ...(opts.affinity === false ? { sessionAffinity: false } : {}) },
    }),
  );
  return { a, b, proxy, failing, cut };
}

describe('session affinity (failover strategy, on by default)', () => {
  it('a session stays on the target it failed over to while that target is healthy; other sessions use the first target', async () => {
    const t = await setup();
    t.failing.a = 1;
    const first = await send(t.proxy.url, kit, inSession('s-1'));
    expect([first.status, first.provider, first.attempts]).toEqual([200, 'b', '2']);

    // a is healthy again, but s-1 stays on b (its prompt cache is there).
    for (let i = 0; i < 3; i++) {
      const r = await send(t.proxy.url, kit, inSession('s-1'));
      expect([r.status, r.provider, r.attempts, kit.textOf(r)]).toEqual([200, 'b', '1', 'from b']);
    }
    expect((await send(t.proxy.url, kit, inSession('s-2'))).provider).toBe('a');
    expect((await send(t.proxy.url, kit, kit.body())).provider).toBe('a');
    expect(t.a.requests).toHaveLength(3); // the failure, s-2, the anonymous one
    expect(t.b.requests).toHaveLength(4);
    expect(t.b.requests.every((r) => JSON.parse(r.json.metadata.user_id).session_id === 's-1')).toBe(true);
  });

  it('the pin breaks when its target fails: the session fails over and is pinned to where it landed', async () => {
    const t = await setup();
    t.failing.a = 1;
    expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('b');
    t.failing.b = 1;
    const moved = await send(t.proxy.url, kit, inSession('s-1'));
    expect([moved.status, moved.provider, moved.attempts, kit.textOf(moved)]).toEqual([200, 'a', '2', 'from a']);
    // b has recovered; s-1 now stays on a.
    for (let i = 0; i < 3; i++) expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('a');
    expect(t.b.requests).toHaveLength(2);
  });

  it('a request that fails everywhere still breaks the pin: the next one starts from the top of the list', async () => {
    const t = await setup();
    t.failing.a = 1;
    expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('b');
    t.failing.b = 1;
    t.failing.a = 1;
    const lost = await send(t.proxy.url, kit, inSession('s-1'));
    expect(lost.status).toBe(500);
    expect(t.b.requests).toHaveLength(2); // tried first (pinned), then a
    expect(t.a.requests).toHaveLength(2);
    const next = await send(t.proxy.url, kit, inSession('s-1'));
    expect([next.provider, next.attempts]).toEqual(['a', '1']);
    expect(t.b.requests).toHaveLength(2);
  });

  it('a failure after the first byte breaks the pin too (that stream is lost; the next request starts from the top)', async () => {
    const t = await setup();
    t.failing.a = 1;
    expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('b');
    t.cut.b = 1;
    const broken = await send(t.proxy.url, kit, inSession('s-1'));
    expect([broken.status, broken.provider]).toEqual([200, 'b']);
    expect(broken.text).toBe(kit.streamPieces(['x'])[0] + kit.midStreamError('upstream stream ended before the response was complete', 'upstream_bad_response'));
    await waitFor(() => eventsOf(t.proxy.events, 'request.finished').length === 2);
    const next = await send(t.proxy.url, kit, inSession('s-1'));
    expect([next.provider, next.attempts, kit.textOf(next)]).toEqual(['a', '1', 'from a']);
  });

  it('keeps the session on the same key while the other traffic rotates keys', async () => {
    const t = await setup();
    const sessionKeys: Array<string | undefined> = [];
    const otherKeys: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      await send(t.proxy.url, kit, kit.body({ stream: true }), { 'x-claude-code-session-id': 'hdr-session' });
      sessionKeys.push(kit.keyOf(t.a.requests.at(-1)!));
      await send(t.proxy.url, kit, kit.body({ stream: true }));
      otherKeys.push(kit.keyOf(t.a.requests.at(-1)!));
    }
    expect(sessionKeys).toEqual([key('a', 0), key('a', 0), key('a', 0)]);
    expect(otherKeys).toEqual([key('a', 1), key('a', 0), key('a', 1)]);
  });

  it('OpenAI clients: prompt_cache_key is the session', async () => {
    const t = await setup({ kit: openaiKit });
    t.failing.a = 1;
    const body = openaiKit.body({ prompt_cache_key: 'oa-session' });
    expect((await send(t.proxy.url, openaiKit, body)).provider).toBe('b');
    for (let i = 0; i < 3; i++) expect((await send(t.proxy.url, openaiKit, body)).provider).toBe('b');
    expect((await send(t.proxy.url, openaiKit, openaiKit.body())).provider).toBe('a');
  });

  it('with sessionAffinity: false the session goes back to the first target as soon as it is healthy', async () => {
    const t = await setup({ affinity: false });
    t.failing.a = 1;
    expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('b');
    for (let i = 0; i < 3; i++) expect((await send(t.proxy.url, kit, inSession('s-1'))).provider).toBe('a');
  });

  it('a rate-limited pinned key moves the session to the next key, where it then stays', async () => {
    const clock = manualClock();
    let limitKey0 = true;
    const a = track(
      await startFakeUpstream((req, res) =>
        limitKey0 && kit.keyOf(req) === key('a', 0) ? json(res, 429, kit.errorBody('rate_limit_error', 'slow down'), { 'retry-after': '60' }) : kit.reply(req, res, 'from a'),
      ),
    );
    limitKey0 = false;
    const proxy = track(await startProxy({ providers: [providerCfg('a', kit, a.url, { apiKeys: [key('a', 0), key('a', 1)] })], routing: { default: [target('a')] } }, { clock }));
    await send(proxy.url, kit, inSession('s-1')); // pinned to key 0
    limitKey0 = true;
    const r = await send(proxy.url, kit, inSession('s-1'));
    expect([r.status, r.attempts]).toEqual([200, '2']);
    limitKey0 = false;
    clock.advance(60_000); // key 0 is usable again, the session stays on key 1
    for (let i = 0; i < 3; i++) await send(proxy.url, kit, inSession('s-1'));
    expect(a.requests.map(kit.keyOf)).toEqual([key('a', 0), key('a', 0), key('a', 1), key('a', 1), key('a', 1), key('a', 1)]);
  });
});
