/**
 * Text output → segments (text, thinking, tool calls), for providers that write structure into their text.
 * One scanner per answer; `push` takes text as it streams, in pieces of any size, `end` closes a text block.
 *
 * - `<think>` or `<thinking>` at the start of the answer's text output (after whitespace only; quirk `thinkTags`)
 *   opens thinking that runs to the matching `</think>` / `</thinking>`; the whitespace after the closing tag
 *   is dropped. A tag anywhere else is text. Thinking without its closing tag ends with its text block.
 * - `<tool_call>…</tool_call>`, and a fenced block (a line starting with three backticks and an info string
 *   of `json`, `tool_call`, `tool_code` or nothing) whose body is a JSON object naming an offered tool, become
 *   tool calls (quirk `textToolCalls`, see text-tool-call.ts). A `<tool_call>` without its closing tag
 *   at the end of the text block is still read. What does not parse as a call of an offered tool is text, as written.
 * - Holding back: ordinary text is passed on at once except a possible tag prefix at the end of a piece
 *   (`<`, `<thi`, `</thin`, `<tool_c`, a backtick run at a line start), held until the next piece decides it.
 *   A fenced JSON body is held while it may still be a call: until it names a tool (then to its closing fence)
 *   or for at most FENCE_PROBE_CHARS (256) characters; other fenced blocks (code) are not held.
 */
import { parseTextToolCall, type OfferedTools } from './text-tool-call';

type Obj = Record<string, unknown>;

export type TextSegment =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'thinking_end' }
  | { kind: 'tool'; name: string; input: Obj };

export interface ScannerOptions {
  thinkTags: boolean;
  /** Offered tools when text tool calls are recognised; undefined when they are not. */
  toolCalls: OfferedTools | undefined;
}

/** How much of a fenced JSON body may be held while looking for a tool name. */
export const FENCE_PROBE_CHARS = 256;
/** A written tool call longer than this is given up on and passed on as text. */
const MAX_CALL_CHARS = 1024 * 1024;

const THINK_TAGS = ['<think>', '<thinking>'] as const;
const CALL_OPEN = '<tool_call>';
const CALL_CLOSE = '</tool_call>';
const FENCE = '```';
const FENCE_INFOS = new Set(['', 'json', 'tool_call', 'tool_code']);
const NAMED = /"name"\s*:\s*"([^"\\]{1,200})"/;

type Mode = 'start' | 'think' | 'skipWs' | 'text' | 'call' | 'fenceInfo' | 'fenceProbe' | 'fenceCall' | 'code';

const firstNonWs = (s: string): number => {
  const m = /\S/.exec(s);
  return m ? m.index : s.length;
};

/** Length of the longest end of `s` that begins `tag` (a tag that may be completed by the next piece). */
function partialTagAtEnd(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) if (tag.startsWith(s.slice(s.length - n))) return n;
  return 0;
}

export class TextScanner {
  private mode: Mode;
  private held = '';
  /** Text consumed into a fence that turns out not to be a call, to be passed on as written. */
  private fenceText = '';
  private thinkClose = '';
  private thinkingSent = false;
  private atLineStart = true;
  private out: TextSegment[] = [];

  constructor(private readonly opts: ScannerOptions) {
    this.mode = opts.thinkTags ? 'start' : 'text';
  }

  /** True when text passes through unchanged right now (nothing held, nothing to look for): callers may skip push(). */
  get passesThrough(): boolean {
    return this.mode === 'text' && this.opts.toolCalls === undefined && this.held === '';
  }

  push(text: string): TextSegment[] {
    this.held += text;
    while (this.step()) {
      // each step consumes input or changes mode
    }
    return this.take();
  }

  /** The text block ended: everything held is decided now. */
  end(): TextSegment[] {
    const held = this.held;
    this.held = '';
    switch (this.mode) {
      case 'start':
      case 'text':
      case 'code':
        this.text(held);
        break;
      case 'think':
        this.thinking(held);
        this.out.push({ kind: 'thinking_end' });
        break;
      case 'skipWs':
        break;
      case 'call':
        this.call(held, CALL_OPEN + held);
        break;
      case 'fenceInfo':
        this.text(this.fenceText + held);
        break;
      case 'fenceProbe':
      case 'fenceCall':
        this.call(held, this.fenceText + held);
        break;
    }
    this.fenceText = '';
    this.mode = 'text';
    return this.take();
  }

  private take(): TextSegment[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private text(s: string): void {
    if (s === '') return;
    const last = this.out[this.out.length - 1];
    if (last?.kind === 'text') last.text += s;
    else this.out.push({ kind: 'text', text: s });
    this.atLineStart = s.endsWith('\n');
  }

  private thinking(s: string): void {
    if (!this.thinkingSent) s = s.slice(firstNonWs(s));
    if (s === '') return;
    this.thinkingSent = true;
    const last = this.out[this.out.length - 1];
    if (last?.kind === 'thinking') last.text += s;
    else this.out.push({ kind: 'thinking', text: s });
  }

  /**
   * A complete written call: a tool call when it parses as one (then the whitespace after it is dropped),
   * else `asWritten` as text. Returns the mode to go on in.
   */
  private call(inner: string, asWritten: string): Mode {
    const call = this.opts.toolCalls && parseTextToolCall(inner, this.opts.toolCalls);
    if (call) {
      this.out.push({ kind: 'tool', name: call.name, input: call.input });
      this.atLineStart = true;
      return 'skipWs';
    }
    this.text(asWritten);
    return 'text';
  }

  /** One decision; false when nothing more can be decided until more text arrives. */
  private step(): boolean {
    const h = this.held;
    if (h === '') return false;
    switch (this.mode) {
      case 'start': {
        const rest = h.slice(firstNonWs(h));
        if (rest === '') return false;
        const tag = THINK_TAGS.find((t) => rest.startsWith(t));
        if (tag) {
          this.held = rest.slice(tag.length);
          this.thinkClose = `</${tag.slice(1)}`;
          this.mode = 'think';
          return true;
        }
        if (THINK_TAGS.some((t) => t.startsWith(rest))) return false;
        this.mode = 'text';
        return true;
      }
      case 'think': {
        const at = h.indexOf(this.thinkClose);
        if (at >= 0) {
          this.thinking(h.slice(0, at));
          this.out.push({ kind: 'thinking_end' });
          this.held = h.slice(at + this.thinkClose.length);
          this.mode = 'skipWs';
          return true;
        }
        const keep = partialTagAtEnd(h, this.thinkClose);
        this.thinking(h.slice(0, h.length - keep));
        this.held = h.slice(h.length - keep);
        return false;
      }
      case 'skipWs': {
        this.held = h.slice(firstNonWs(h));
        if (this.held === '') return false;
        this.mode = 'text';
        return true;
      }
      case 'text':
        return this.scanText(h);
      case 'code':
        return this.scanCode(h);
      case 'call': {
        const at = h.indexOf(CALL_CLOSE);
        if (at >= 0) {
          this.held = h.slice(at + CALL_CLOSE.length);
          this.mode = this.call(h.slice(0, at), CALL_OPEN + h.slice(0, at + CALL_CLOSE.length));
          return true;
        }
        if (h.length > MAX_CALL_CHARS) {
          this.text(CALL_OPEN + h);
          this.held = '';
          this.mode = 'text';
        }
        return false;
      }
      case 'fenceInfo': {
        const nl = h.indexOf('\n');
        if (nl < 0) {
          if (h.length <= 32) return false;
          return this.notACall('code');
        }
        const info = h.slice(0, nl).trim().toLowerCase();
        this.fenceText += h.slice(0, nl + 1);
        this.held = h.slice(nl + 1);
        if (FENCE_INFOS.has(info)) this.mode = 'fenceProbe';
        else return this.notACall('code');
        return true;
      }
      case 'fenceProbe':
      case 'fenceCall': {
        const first = firstNonWs(h);
        if (first < h.length && h[first] !== '{') return this.notACall('code');
        const close = closingFence(h);
        if (close >= 0) {
          const asWritten = this.fenceText + h.slice(0, close + 4);
          this.fenceText = '';
          this.held = h.slice(close + 4);
          this.mode = this.call(h.slice(0, close), asWritten);
          return true;
        }
        if (this.mode === 'fenceProbe') {
          const named = NAMED.exec(h);
          if (named && this.opts.toolCalls?.has(named[1]!)) {
            this.mode = 'fenceCall';
            return false;
          }
          if (named || h.length > FENCE_PROBE_CHARS) return this.notACall('code');
        } else if (h.length > MAX_CALL_CHARS) {
          return this.notACall('code');
        }
        return false;
      }
    }
  }

  /** The fence is ordinary text after all: pass on what it held and carry on in `mode`. */
  private notACall(mode: Mode): boolean {
    this.text(this.fenceText);
    this.fenceText = '';
    this.mode = mode;
    return true;
  }

  private lineStartAt(s: string, i: number): boolean {
    return i === 0 ? this.atLineStart : s.charCodeAt(i - 1) === 0x0a;
  }

  /** Plain text: passes on everything up to a possible call opener. */
  private scanText(h: string): boolean {
    if (this.opts.toolCalls === undefined) {
      this.text(h);
      this.held = '';
      return false;
    }
    for (let i = 0; i < h.length; i++) {
      const c = h.charCodeAt(i);
      if (c === 0x3c /* < */) {
        const rest = h.slice(i, i + CALL_OPEN.length);
        if (rest === CALL_OPEN) {
          this.text(h.slice(0, i));
          this.held = h.slice(i + CALL_OPEN.length);
          this.mode = 'call';
          return true;
        }
        if (CALL_OPEN.startsWith(rest)) return this.holdFrom(h, i);
      } else if (c === 0x60 /* ` */ && this.lineStartAt(h, i)) {
        const rest = h.slice(i, i + 3);
        if (rest === FENCE) {
          this.text(h.slice(0, i));
          this.fenceText = FENCE;
          this.held = h.slice(i + 3);
          this.mode = 'fenceInfo';
          return true;
        }
        if (FENCE.startsWith(rest)) return this.holdFrom(h, i);
      }
    }
    this.text(h);
    this.held = '';
    return false;
  }

  /** Inside an ordinary fenced block: passes everything on, watching for its closing fence. */
  private scanCode(h: string): boolean {
    for (let i = 0; i < h.length; i++) {
      if (h.charCodeAt(i) !== 0x60 || !this.lineStartAt(h, i)) continue;
      const rest = h.slice(i, i + 3);
      if (rest === FENCE) {
        this.text(h.slice(0, i + 3));
        this.held = h.slice(i + 3);
        this.mode = 'text';
        return true;
      }
      if (FENCE.startsWith(rest)) return this.holdFrom(h, i);
    }
    this.text(h);
    this.held = '';
    return false;
  }

  private holdFrom(h: string, i: number): boolean {
    this.text(h.slice(0, i));
    this.held = h.slice(i);
    return false;
  }
}

/** Index of the newline before a closing fence (a line starting with three backticks), or -1. */
function closingFence(s: string): number {
  return s.indexOf('\n' + FENCE);
}
