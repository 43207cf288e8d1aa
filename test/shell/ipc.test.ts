/**
 * IPC registration: the contract becomes exactly one handler per operation; each checks its
 * sender, validates its input with the contract's schema and answers errors as data.
 */
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import type { ApiMethod } from '../../shared/api/contract';
import type { ApiHandlers, CallContext } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { API_EVENTS } from '../../shared/api/events';
import type { ApiEventMap, ApiEventName } from '../../shared/api/events';
import { ConfigError } from '../../electron/core/config/schema';
import type { Logger } from '../../electron/core/deps';
import { createLocalEvents, forwardEvents, mergeEvents } from '../../electron/shell/ipc/forward-events';
import { registerIpc } from '../../electron/shell/ipc/register-ipc';
import { checkSender } from '../../electron/shell/ipc/sender';
import { eventFrom, fakeIpcMain, frame } from './fakes/ipc';

const ORIGIN = 'app://aimux';
const OWN = 7;
const ok = eventFrom(`${ORIGIN}/index.html`, OWN);
const policy = { origin: ORIGIN, isOwnWebContents: (id: number) => id === OWN };

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, logger };
}

/** Handlers that record their calls; each answers with its name, or what `impl` says. */
function recordingHandlers(impl: Partial<Record<ApiMethod, (input: unknown, ctx: CallContext) => Promise<unknown>>> = {}) {
  const calls: Array<{ name: ApiMethod; input: unknown; ctx: CallContext }> = [];
  const handlers = Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (input: unknown, ctx: CallContext) => {
        calls.push({ name, input, ctx });
        return impl[name] ? impl[name](input, ctx) : { called: name };
      },
    ]),
  ) as unknown as ApiHandlers;
  return { calls, handlers };
}

describe('checkSender', () => {
  it.each([
    ['our top frame', eventFrom('app://aimux/index.html', OWN), true],
    ['a client route of ours', eventFrom('app://aimux/providers/glm?x=1#y', OWN), true],
    ['a destroyed frame', eventFrom(null, OWN), false],
    ['a subframe', eventFrom('app://aimux/index.html', OWN, frame('app://aimux/index.html')), false],
    ['a foreign origin', eventFrom('https://evil.example/', OWN), false],
    ['a look-alike host', eventFrom('app://aimux.evil/index.html', OWN), false],
    ['file://', eventFrom('file:///etc/passwd', OWN), false],
    ['a window we did not create', eventFrom('app://aimux/index.html', 99), false],
    ['an unparsable URL', eventFrom('not a url', OWN), false],
  ])('%s → trusted: %s', (_name, event, trusted) => {
    expect(checkSender(event, policy).trusted).toBe(trusted);
  });
});

describe('registerIpc', () => {
  it('registers exactly one channel per contract operation, and removes them all', () => {
    const ipc = fakeIpcMain();
    const dispose = registerIpc(ipc, recordingHandlers().handlers, { sender: policy, logger: recordingLogger().logger });
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `api:${m}`).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('calls the handler with the parsed input and the ui actor, and answers { ok, value }', async () => {
    const ipc = fakeIpcMain();
    const { calls, handlers } = recordingHandlers();
    registerIpc(ipc, handlers, { sender: policy, logger: recordingLogger().logger });
    expect(await ipc.invoke('api:setPaused', ok, { paused: true })).toEqual({ ok: true, value: { called: 'setPaused' } });
    expect(await ipc.invoke('api:getStatus', ok)).toEqual({ ok: true, value: { called: 'getStatus' } });
    // z.coerce in the contract applies over IPC too.
    await ipc.invoke('api:queryRequests', ok, { limit: '5' });
    expect(calls.map((c) => [c.name, c.input, c.ctx.actor])).toEqual([
      ['setPaused', { paused: true }, 'ui'],
      ['getStatus', {}, 'ui'],
      ['queryRequests', { limit: 5 }, 'ui'],
    ]);
  });

  it('refuses untrusted senders before validating or calling anything', async () => {
    const ipc = fakeIpcMain();
    const { calls, handlers } = recordingHandlers();
    const { lines, logger } = recordingLogger();
    registerIpc(ipc, handlers, { sender: policy, logger });
    for (const from of [eventFrom('https://evil.example/', OWN), eventFrom(null, OWN), eventFrom(`${ORIGIN}/`, 3)]) {
      expect(await ipc.invoke('api:addKey', from, { providerId: 'p', key: 'sk-x' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.any(String) },
      });
    }
    expect(calls).toEqual([]);
    expect(lines.filter((l) => l.startsWith('warn IPC addKey refused'))).toHaveLength(3);
  });

  it('validates input with the contract schema and names the field', async () => {
    const ipc = fakeIpcMain();
    const { calls, handlers } = recordingHandlers();
    registerIpc(ipc, handlers, { sender: policy, logger: recordingLogger().logger });
    const bad = (await ipc.invoke('api:setPaused', ok, { paused: 'yes' })) as { ok: false; error: { code: string; field?: string; message: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('BAD_REQUEST');
    expect(bad.error.field).toBe('paused');
    const unknownField = (await ipc.invoke('api:getStatus', ok, { sneaky: 1 })) as { ok: false; error: { code: string } };
    expect(unknownField.error.code).toBe('BAD_REQUEST');
    const notObject = (await ipc.invoke('api:setPaused', ok, 'paused')) as { ok: false; error: { code: string } };
    expect(notObject.error.code).toBe('BAD_REQUEST');
    const twoArgs = (await ipc.invoke('api:setPaused', ok, { paused: true }, { paused: false })) as { ok: false; error: { code: string } };
    expect(twoArgs.error.code).toBe('BAD_REQUEST');
    const badId = (await ipc.invoke('api:getProvider', ok, { id: 'a/b' })) as { ok: false; error: { field?: string } };
    expect(badId.error.field).toBe('id');
    expect(calls).toEqual([]);
  });

  it('answers thrown errors as data: ApiErrors as they are, core errors mapped, anything else as INTERNAL without details', async () => {
    const ipc = fakeIpcMain();
    const { lines, logger } = recordingLogger();
    registerIpc(
      ipc,
      recordingHandlers({
        getProvider: async () => {
          throw new ApiError('NOT_FOUND', 'no provider "x"', { field: 'id' });
        },
        importConfig: async () => {
          throw new ConfigError('config', ['providers[0].baseUrl: expected an http(s) URL']);
        },
        getStatus: async () => {
          throw new Error('disk on fire at /secret/path sk-leaked');
        },
      }).handlers,
      { sender: policy, logger },
    );
    expect(await ipc.invoke('api:getProvider', ok, { id: 'x' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no provider "x"', field: 'id' } });
    const imported = (await ipc.invoke('api:importConfig', ok, { config: {} })) as { ok: false; error: { code: string; field?: string } };
    expect(imported.error).toMatchObject({ code: 'BAD_REQUEST', field: 'providers[0].baseUrl' });
    const internal = await ipc.invoke('api:getStatus', ok);
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(internal)).not.toContain('sk-leaked');
    expect(lines.some((l) => l.startsWith('error getStatus failed'))).toBe(true);
  });
});

describe('forwardEvents', () => {
  function source() {
    const listeners = new Map<string, Set<(d: unknown) => void>>();
    return {
      listeners,
      on<E extends ApiEventName>(event: E, l: (data: ApiEventMap[E]) => void) {
        let s = listeners.get(event);
        if (!s) listeners.set(event, (s = new Set()));
        s.add(l as (d: unknown) => void);
        return () => void s.delete(l as (d: unknown) => void);
      },
      emit(event: string, data: unknown) {
        for (const l of listeners.get(event) ?? []) l(data);
      },
    };
  }

  it('subscribes to every contract event and sends each to live windows on evt:<name>', () => {
    const src = source();
    const sent: Array<[number, string, unknown]> = [];
    const wc = (id: number, destroyed = false) => ({ send: (c: string, d: unknown) => sent.push([id, c, d]), isDestroyed: () => destroyed });
    const off = forwardEvents(src, () => [wc(1), wc(2, true)]);
    expect([...src.listeners.keys()].sort()).toEqual([...API_EVENTS].sort());
    src.emit('status', { state: 'paused' });
    src.emit('metrics', { n: 1 });
    expect(sent).toEqual([
      [1, 'evt:status', { state: 'paused' }],
      [1, 'evt:metrics', { n: 1 }],
    ]);
    off();
    expect([...src.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });
});

describe('mergeEvents', () => {
  it('hears events from both sources and unsubscribes from both', () => {
    const a = createLocalEvents();
    const b = createLocalEvents();
    const got: unknown[] = [];
    const off = mergeEvents(a, b).on('update', (u) => got.push(u.state));
    a.emit('update', { state: 'checking' });
    b.emit('update', { state: 'none' });
    off();
    a.emit('update', { state: 'error' });
    expect(got).toEqual(['checking', 'none']);
  });
});
