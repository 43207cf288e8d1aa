/**
 * Incremental server-sent-events parser (WHATWG "event stream interpretation").
 *
 * Bytes in, events out. Lines end in CRLF, LF or CR, also when the CR and LF arrive in different
 * chunks. Lines are decoded only once complete, so a multi-byte UTF-8 character split across
 * chunks is never mangled. A leading BOM is skipped. Comment lines (`:`) are ignored. An event is
 * dispatched at a blank line; `data` lines are joined with `\n`. Events larger than `maxEventBytes`
 * raise an error instead of growing memory without bound.
 */

export interface SseEvent {
  /** The `event:` field, or undefined (the spec's default type "message"). */
  event: string | undefined;
  data: string;
  id: string | undefined;
}

export const SSE_MAX_EVENT_BYTES = 16 * 1024 * 1024;

export class SseParseError extends Error {
  override readonly name = 'SseParseError';
}

const LF = 0x0a;
const CR = 0x0d;
const NO_EVENTS: SseEvent[] = [];
const KEPT_NAMES = 8;
const MAX_KEPT_NAME = 64;

/** Field names are compared as bytes: no string is made for them. */
function fieldIs(buf: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + k] !== name.charCodeAt(k)) return false;
  return true;
}

export class SseParser {
  private pending: Buffer | undefined;
  private skipLeadingLf = false;
  private first = true;
  private event: string | undefined;
  /** The first `data` line, and any further ones (rare) in `moreData`. */
  private data: string | undefined;
  private moreData: string[] | undefined;
  private id: string | undefined;
  private eventBytes = 0;
  /** Events of the current push; a shared empty array when there are none (callers only iterate). */
  private out: SseEvent[] = NO_EVENTS;
  /** Recent `event:` names, reused (eventName). */
  private readonly names: string[] = [];

  constructor(private readonly maxEventBytes = SSE_MAX_EVENT_BYTES) {}

  /** Feeds a chunk; returns the events it completed (often none or one). Do not keep or change the array. */
  push(chunk: Uint8Array): SseEvent[] {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.pending !== undefined) {
      buf = Buffer.concat([this.pending, buf]);
      this.pending = undefined;
    }
    this.out = NO_EVENTS;
    let start = 0;
    if (this.skipLeadingLf && buf.length > 0) {
      if (buf[0] === LF) start = 1;
      this.skipLeadingLf = false;
    }
    if (this.first && buf.length - start >= 3) {
      if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      this.first = false;
    }
    const len = buf.length;
    let i = start;
    while (i < len) {
      const c = buf[i]!;
      if (c !== LF && c !== CR) {
        i++;
        continue;
      }
      this.line(buf, start, i);
      if (c === CR) {
        if (i + 1 < len) {
          if (buf[i + 1] === LF) i++;
        } else {
          this.skipLeadingLf = true;
        }
      }
      i++;
      start = i;
    }
    if (start < len) {
      if (len - start + this.eventBytes > this.maxEventBytes) {
        throw new SseParseError(`SSE event larger than ${this.maxEventBytes} bytes`);
      }
      this.pending = buf.subarray(start);
      if (this.first && this.pending.length < 3) {
        // Keep waiting for enough bytes to recognise a BOM.
      } else {
        this.first = false;
      }
    } else {
      this.first = false;
    }
    return this.out;
  }

  /** End of stream: a final event without its blank line is discarded, as the spec says. */
  end(): SseEvent[] {
    this.pending = undefined;
    this.reset();
    return [];
  }

  private reset(): void {
    this.event = undefined;
    this.data = undefined;
    this.moreData = undefined;
    this.id = undefined;
    this.eventBytes = 0;
  }

  /**
   * An `event:` value. A stream repeats a handful of names (`content_block_delta` hundreds of times),
   * so the last few ASCII names are kept and reused instead of decoding a new string per event.
   */
  private eventName(buf: Buffer, start: number, end: number): string {
    const len = end - start;
    const names = this.names;
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      if (name.length === len && fieldIs(buf, start, end, name)) return name;
    }
    const name = buf.toString('utf8', start, end);
    // Only ASCII names are kept: for them, equal bytes mean an equal string.
    if (len <= MAX_KEPT_NAME && /^[\x20-\x7e]*$/.test(name)) {
      if (names.length >= KEPT_NAMES) names.shift();
      names.push(name);
    }
    return name;
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (start === end) {
      if (this.data !== undefined) {
        const data = this.moreData === undefined ? this.data : [this.data, ...this.moreData].join('\n');
        if (this.out === NO_EVENTS) this.out = [];
        this.out.push({ event: this.event, data, id: this.id });
      }
      this.event = undefined;
      this.data = undefined;
      this.moreData = undefined;
      this.eventBytes = 0;
      return;
    }
    this.eventBytes += end - start;
    if (this.eventBytes > this.maxEventBytes) throw new SseParseError(`SSE event larger than ${this.maxEventBytes} bytes`);
    if (buf[start] === 0x3a /* : */) return;
    let colon = -1;
    for (let j = start; j < end; j++) {
      if (buf[j] === 0x3a) {
        colon = j;
        break;
      }
    }
    const fieldEnd = colon === -1 ? end : colon;
    let v = colon === -1 ? end : colon + 1;
    if (v < end && buf[v] === 0x20) v++;
    if (fieldIs(buf, start, fieldEnd, 'data')) {
      const value = buf.toString('utf8', v, end);
      if (this.data === undefined) this.data = value;
      else (this.moreData ??= []).push(value);
    } else if (fieldIs(buf, start, fieldEnd, 'event')) {
      this.event = this.eventName(buf, v, end);
    } else if (fieldIs(buf, start, fieldEnd, 'id')) {
      const value = buf.toString('utf8', v, end);
      if (!value.includes('\0')) this.id = value;
    }
    // `retry` and unknown fields are ignored.
  }
}
