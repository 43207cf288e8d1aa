/** The history's off-heap queue of finished requests: rows come back exactly, in order, across growth and trimming. */
import { describe, expect, it } from 'vitest';
import { RequestQueue } from '../../../electron/core/observability/request-queue';

const rowsOf = (q: RequestQueue) => Array.from({ length: q.length }, (_, i) => [q.at(i), q.id(i), q.row(i)]);

describe('request queue', () => {
  it('gives back each row as pushed, non-ASCII text included, while it grows its rows and bytes', () => {
    const q = new RequestQueue(2, 8);
    const pushed: Array<[number, string, string]> = [];
    for (let i = 0; i < 50; i++) {
      const row: [number, string, string] = [1_700_000_000_000 + i, `req_${i}`, JSON.stringify([`req_${i}`, 'naïve ☃ 𝄞 日本語'.repeat(i % 4), i])];
      pushed.push(row);
      q.push(...row);
    }
    expect(q.length).toBe(50);
    expect(rowsOf(q)).toEqual(pushed);
    // What the writer binds: each row's UTF-8 bytes.
    for (let i = 0; i < q.length; i++) expect(Buffer.from(q.rowBytes(i)).equals(Buffer.from(pushed[i]![2], 'utf8'))).toBe(true);
  });

  it('keepNewest drops the oldest rows and keeps the rest readable; clear empties it for reuse', () => {
    const q = new RequestQueue(4, 16);
    for (let i = 0; i < 10; i++) q.push(i, `id${i}`, `{"n":${i},"t":"é${'x'.repeat(i)}"}`);
    q.keepNewest(3);
    expect(rowsOf(q)).toEqual([7, 8, 9].map((i) => [i, `id${i}`, `{"n":${i},"t":"é${'x'.repeat(i)}"}`]));
    q.keepNewest(5); // nothing to drop
    expect(q.length).toBe(3);
    q.push(10, 'id10', '{}');
    expect(rowsOf(q).map(([, id]) => id)).toEqual(['id7', 'id8', 'id9', 'id10']);
    q.clear();
    expect(q.length).toBe(0);
    q.push(11, 'id11', '[]');
    expect(rowsOf(q)).toEqual([[11, 'id11', '[]']]);
  });
});
