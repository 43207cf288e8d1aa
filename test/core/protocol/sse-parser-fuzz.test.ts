/**
 * The SSE parser under generated input (fast-check, seeded): any bytes, split anywhere, give the same
 * events as when they arrive whole, and only the parser's own error; well-formed events survive any
 * line endings and any split; an event without end stops at the size limit instead of growing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParseError, SseParser } from '../../../electron/core/protocol/sse-parser';
import type { SseEvent } from '../../../electron/core/protocol/sse-parser';

const SEED = 20_261_202;

function parseChunks(chunks: Buffer[], max?: number): SseEvent[] | 'error' {
  const p = new SseParser(max);
  const out: SseEvent[] = [];
  try {
    for (const c of chunks) out.push(...p.push(c));
  } catch (e) {
    if (e instanceof SseParseError) return 'error';
    throw e;
  }
  return out;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

/** Bytes with the tokens that matter to a parser overrepresented. */
const sseBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom('data:', 'data: ', 'event:', 'id:', 'retry:', ':', '\n', '\r', '\r\n', '\n\n', ' ', '\uFEFF', 'é', '😀', '{"a":1}', '[DONE]'),
      fc.string({ maxLength: 12 }),
      fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1')),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Buffer.concat(parts.map((p) => Buffer.from(p, /[\u0080-\u00ff]/.test(p) && !/[\u0100-\uffff]/.test(p) ? 'latin1' : 'utf8'))));

describe('SSE parser, generated input', () => {
  it('any bytes, split anywhere: the same events as whole, and no error but its own', () => {
    fc.assert(
      fc.property(sseBytes, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        expect(parseChunks(splitAt(bytes, cuts))).toEqual(parseChunks([bytes]));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('well-formed events come back exactly, whatever the line endings and the splits', () => {
    const field = fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));
    const event = fc.record({ event: fc.option(field.filter((s) => s.length > 0 && !s.startsWith(' ')), { nil: undefined }), data: fc.array(field, { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 10 }), (events, eol, cuts) => {
        const text = events.map((e) => `${e.event !== undefined ? `event: ${e.event}${eol}` : ''}${e.data.map((d) => `data: ${d}${eol}`).join('')}${eol}`).join('');
        const got = parseChunks(splitAt(Buffer.from(text), cuts));
        expect(got).toEqual(events.map((e) => ({ event: e.event, data: e.data.join('\n'), id: undefined })));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('an event that never ends raises the size error at the limit: memory stays bounded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 4096 }), fc.integer({ min: 1, max: 512 }), (max, chunk) => {
        const p = new SseParser(max);
        let fed = 0;
        let raised = false;
        try {
          while (fed < max * 4) {
            p.push(Buffer.from(fed === 0 ? `data: ${'x'.repeat(chunk)}` : 'x'.repeat(chunk)));
            fed += chunk;
          }
        } catch (e) {
          expect(e).toBeInstanceOf(SseParseError);
          raised = true;
        }
        expect(raised).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
