/**
 * DispatchBody, driven the way undici drives a dispatch handler (a recording controller), read both
 * ways: the iterator up to the commit point, then drainInto for the rest (proxy/upstream-read.ts).
 */
import { describe, expect, it } from 'vitest';
import { DispatchBody } from '../../../electron/core/providers/dispatch-body';
import { eachChunk } from '../../../electron/core/proxy/upstream-read';

function fakeController() {
  const log: string[] = [];
  const c = {
    paused: false,
    aborted: false,
    reason: null as Error | null,
    pause() {
      c.paused = true;
      log.push('pause');
    },
    resume() {
      c.paused = false;
      log.push('resume');
    },
    abort(reason: Error) {
      c.aborted = true;
      c.reason = reason;
      log.push(`abort:${reason.message}`);
    },
  };
  return { c, log };
}

async function started() {
  const ac = new AbortController();
  const body = new DispatchBody(ac.signal);
  const { c, log } = fakeController();
  body.onRequestStart(c as never);
  body.onResponseStart(c as never, 200, { 'content-type': 'text/event-stream' });
  const res = await body.response;
  expect(res.body).toBe(body);
  return { body, c, log, ac };
}

const b = (s: string) => Buffer.from(s);

describe('DispatchBody.drainInto', () => {
  it('hands queued chunks over first, then each chunk as it arrives, and resolves at the end', async () => {
    const { body, c } = await started();
    body.onResponseData(c as never, b('a'));
    expect((await body.next()).value?.toString()).toBe('a');
    body.onResponseData(c as never, b('b'));
    const got: string[] = [];
    const done = body.drainInto((chunk) => {
      got.push(chunk.toString());
      return undefined;
    });
    expect(got).toEqual(['b']);
    body.onResponseData(c as never, b('c'));
    // Synchronously, from the data callback itself.
    expect(got).toEqual(['b', 'c']);
    body.onResponseEnd();
    await expect(done).resolves.toBeUndefined();
  });

  it('a handler that returns a promise holds the body: the socket pauses, chunks wait, and resume in order', async () => {
    const { body, c, log } = await started();
    let release!: () => void;
    const got: string[] = [];
    const done = body.drainInto((chunk) => {
      got.push(chunk.toString());
      if (chunk.toString() === '1') return new Promise<void>((r) => (release = r));
      return undefined;
    });
    body.onResponseData(c as never, b('1'));
    expect(c.paused).toBe(true);
    body.onResponseData(c as never, b('2'));
    body.onResponseData(c as never, b('3'));
    body.onResponseEnd();
    expect(got).toEqual(['1']);
    release();
    await done;
    expect(got).toEqual(['1', '2', '3']);
    expect(log).toEqual(['pause']); // ended while held: nothing to resume
  });

  it('resumes the socket once a hold is released before the end', async () => {
    const { body, c, log } = await started();
    let release!: () => void;
    const done = body.drainInto((chunk) => (chunk.toString() === 'x' ? new Promise<void>((r) => (release = r)) : undefined));
    body.onResponseData(c as never, b('x'));
    release();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['pause', 'resume']);
    body.onResponseEnd();
    await done;
  });

  it('what the handler throws ends the body: drainInto rejects with it and the upstream request is aborted', async () => {
    const { body, c } = await started();
    const boom = new Error('bad event');
    const done = body.drainInto(() => {
      throw boom;
    });
    body.onResponseData(c as never, b('x'));
    await expect(done).rejects.toBe(boom);
    expect(c.aborted).toBe(true);
    expect(c.reason).toBe(boom);
    // Late callbacks from undici change nothing.
    body.onResponseError(c as never, new Error('late'));
    body.onResponseEnd();
  });

  it('a handler throwing on chunks queued after the end still rejects', async () => {
    const { body, c } = await started();
    body.onResponseData(c as never, b('x'));
    body.onResponseEnd();
    const boom = new Error('bad tail');
    await expect(
      body.drainInto(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it('a hold that rejects ends the body with its error', async () => {
    const { body, c } = await started();
    const gone = new Error('client socket error');
    const done = body.drainInto(() => Promise.reject(gone));
    body.onResponseData(c as never, b('x'));
    await expect(done).rejects.toBe(gone);
    expect(c.aborted).toBe(true);
  });

  it('an upstream error mid-body rejects after the chunks before it were handed over', async () => {
    const { body, c } = await started();
    const got: string[] = [];
    let release!: () => void;
    const done = body.drainInto((chunk) => {
      got.push(chunk.toString());
      return chunk.toString() === '1' ? new Promise<void>((r) => (release = r)) : undefined;
    });
    body.onResponseData(c as never, b('1'));
    body.onResponseData(c as never, b('2'));
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    body.onResponseError(c as never, reset);
    release();
    await expect(done).rejects.toBe(reset);
    expect(got).toEqual(['1', '2']);
  });

  it('the client going away (the signal) rejects a drain in progress', async () => {
    const { body, c, ac } = await started();
    const done = body.drainInto(() => undefined);
    body.onResponseData(c as never, b('x'));
    ac.abort(new Error('client closed'));
    await expect(done).rejects.toThrow('client closed');
    expect(c.aborted).toBe(true);
  });
});

describe('eachChunk', () => {
  it('iterates bodies that cannot drain (the synthetic provider answers with a Readable), holding on promises', async () => {
    async function* gen() {
      yield b('a');
      yield b('b');
    }
    const seen: string[] = [];
    await eachChunk(gen(), (chunk) => {
      seen.push(chunk.toString());
      return new Promise<void>((r) => setImmediate(r));
    });
    expect(seen).toEqual(['a', 'b']);
  });
});
