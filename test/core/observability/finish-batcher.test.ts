/** Finished requests are processed in batches: when a batch is full, at once for live followers, and on drain. */
import { describe, expect, it } from 'vitest';
import { createFinishBatcher } from '../../../electron/core/observability/finish-batcher';
import type { RequestFinishedEvent } from '../../../electron/core/metrics/events';

const finished = (n: number): RequestFinishedEvent => ({ type: 'request.finished', requestId: `r${n}`, at: n, status: 200, latencyMs: 1, attempts: 1 });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('finish batcher', () => {
  it('waits for a full batch, then processes it on the next turn, in order', async () => {
    const seen: string[] = [];
    const b = createFinishBatcher((e) => seen.push(String(e.requestId)), { batch: 4, prompt: () => false });
    for (let i = 0; i < 3; i++) b.push(finished(i));
    await nextTurn();
    expect(seen).toEqual([]);
    expect(b.pending).toBe(3);
    b.push(finished(3));
    expect(seen).toEqual([]); // never inside the request's own code
    await nextTurn();
    expect(seen).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(b.pending).toBe(0);
  });

  it('processes each request on the next turn while someone follows them live', async () => {
    let live = false;
    const seen: string[] = [];
    const b = createFinishBatcher((e) => seen.push(String(e.requestId)), { batch: 256, prompt: () => live });
    b.push(finished(1));
    await nextTurn();
    expect(seen).toEqual([]);
    live = true;
    b.push(finished(2));
    await nextTurn();
    expect(seen).toEqual(['r1', 'r2']);
  });

  it('drain processes what waits at once, and a failing request does not stop the rest', async () => {
    const seen: string[] = [];
    const b = createFinishBatcher(
      (e) => {
        if (e.requestId === 'r1') throw new Error('metrics bug');
        seen.push(String(e.requestId));
      },
      { batch: 256, prompt: () => false },
    );
    for (let i = 0; i < 3; i++) b.push(finished(i));
    b.drain();
    expect(seen).toEqual(['r0', 'r2']);
    expect(b.pending).toBe(0);
    b.drain();
    expect(seen).toEqual(['r0', 'r2']);
  });
});
