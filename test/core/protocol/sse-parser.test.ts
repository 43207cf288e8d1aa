import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SseParser, SseParseError } from '../../../electron/core/protocol/sse-parser';
import type { SseEvent } from '../../../electron/core/protocol/sse-parser';

const FIXTURES = join(__dirname, '../../../../shared/fixtures');

function parseWhole(bytes: Buffer): SseEvent[] {
  const p = new SseParser();
  return [...p.push(bytes), ...p.end()];
}

function parseSplit(bytes: Buffer, at: number): SseEvent[] {
  const p = new SseParser();
  return [...p.push(bytes.subarray(0, at)), ...p.push(bytes.subarray(at)), ...p.end()];
}

const recorded = ['claude-code/v2.1.330', 'codex/v0.169.0'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.sse.txt'))
    .map((f) => join(FIXTURES, dir, f)),
);

describe('SseParser', () => {
  it('has recorded streams to test with', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(5);
  });

  it.each(recorded)('splitting %s at every byte position gives the same events', (file) => {
    const bytes = readFileSync(file);
    const whole = parseWhole(bytes);
    expect(whole.length).toBeGreaterThan(1);
    for (const e of whole) expect(() => JSON.parse(e.data)).not.toThrow();
    for (let i = 0; i <= bytes.length; i++) expect(parseSplit(bytes, i)).toEqual(whole);
  });

  it('handles CRLF and lone CR line endings, also split between CR and LF', () => {
    const lf = Buffer.from('event: a\ndata: 1\n\ndata: x\ndata: y\n\n');
    const crlf = Buffer.from('event: a\r\ndata: 1\r\n\r\ndata: x\r\ndata: y\r\n\r\n');
    const cr = Buffer.from('event: a\rdata: 1\r\rdata: x\rdata: y\r\r');
    const expected = [
      { event: 'a', data: '1', id: undefined },
      { event: undefined, data: 'x\ny', id: undefined },
    ];
    expect(parseWhole(lf)).toEqual(expected);
    for (const b of [crlf, cr]) for (let i = 0; i <= b.length; i++) expect(parseSplit(b, i)).toEqual(expected);
  });

  it('keeps multi-byte UTF-8 characters intact across every split, one byte at a time', () => {
    const bytes = Buffer.from('data: {"t":"héllo 世界 🎉"}\n\n');
    const p = new SseParser();
    const out: SseEvent[] = [];
    for (const b of bytes) out.push(...p.push(Buffer.from([b])));
    expect(out).toEqual([{ event: undefined, data: '{"t":"héllo 世界 🎉"}', id: undefined }]);
  });

  it('ignores comments and a leading BOM, reads id, strips one space after the colon', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(': ping\nid: 7\ndata:  two spaces\n\n')]);
    for (let i = 0; i <= bytes.length; i++) expect(parseSplit(bytes, i)).toEqual([{ event: undefined, data: ' two spaces', id: '7' }]);
  });

  it('event names come out right however often they repeat: many names in turn, prefixes of each other, non-ASCII and invalid bytes', () => {
    const names = ['a', 'ab', 'abc', 'content_block_delta', 'content_block_stop', 'message_delta', 'x1', 'x2', 'x3', 'x4', 'caf\u00e9', '\u{1F600}', ''];
    const parts: Buffer[] = [];
    const want: Array<string | undefined> = [];
    for (let round = 0; round < 3; round++) {
      for (const n of names) {
        parts.push(Buffer.from(`event: ${n}\ndata: {}\n\n`));
        want.push(n);
      }
      // An invalid UTF-8 byte decodes to U+FFFD, and must not be taken for a kept name of the same length.
      parts.push(Buffer.concat([Buffer.from('event: '), Buffer.from([0xe9]), Buffer.from('\ndata: {}\n\n')]));
      want.push('\ufffd');
    }
    const p = new SseParser();
    const got = parts.flatMap((b) => p.push(b).map((e) => e.event));
    expect(got).toEqual(want);
  });

  it('drops an unterminated final event', () => {
    expect(parseWhole(Buffer.from('data: complete\n\ndata: cut'))).toEqual([{ event: undefined, data: 'complete', id: undefined }]);
  });

  it('refuses events larger than the limit', () => {
    const p = new SseParser(100);
    expect(() => p.push(Buffer.from(`data: ${'x'.repeat(200)}`))).toThrow(SseParseError);
    const q = new SseParser(100);
    expect(() => q.push(Buffer.from(`data: ${'x'.repeat(60)}\ndata: ${'y'.repeat(60)}\n`))).toThrow(SseParseError);
  });
});
