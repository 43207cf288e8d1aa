/**
 * Tool-call arguments that are almost JSON are repaired (automatic, wherever aimux parses a provider's output:
 * every translated OpenAI → Anthropic answer, and anthropic-protocol providers with a normalization quirk on).
 *
 * | provider wrote                        | client gets                                               |
 * | ------------------------------------- | --------------------------------------------------------- |
 * | a trailing comma: `{"a":1,}`, `[1,2,]` | the comma removed                                         |
 * | missing final braces: `{"a":{"b":1}`  | the missing `}` / `]` appended at the end                 |
 * | a trailing comma and a missing brace  | both                                                      |
 * | nothing at all (empty arguments)      | `{}`                                                      |
 * | anything else that is not an object: an unterminated string, single quotes, bare words, a `:` with no value, text after the object | a clear error, never the broken arguments: mid-stream an Anthropic `error` event (the message names the tool), before the answer started a failed attempt (the next target is tried), non-streaming a 502 |
 *
 * Streaming: arguments pass through as they arrive. Only a comma (and the whitespace after it) is held until the
 * next significant character shows whether it trails; the missing closers are sent when the tool block ends, and
 * the whole is then checked with `JSON.parse`.
 */

type Obj = Record<string, unknown>;

export type ArgsEnd = { ok: true; tail: string; repaired: boolean } | { ok: false; reason: string };

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonArgsRepairer {
  private inString = false;
  private escaped = false;
  /** Closers still owed, innermost last. */
  private readonly closers: string[] = [];
  /** A held `,` and the whitespace after it. */
  private pending = '';
  private emitted = '';
  private repaired = false;
  private started = false;

  /** Text that can be sent now. */
  push(text: string): string {
    let out = '';
    let from = 0;
    if (!this.started) {
      // Whitespace before the value is dropped: arguments that are only whitespace mean `{}`.
      from = text.search(/\S/);
      if (from < 0) return '';
      this.started = true;
    }
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (this.pending !== '') {
        if (isWs(c)) {
          this.pending += text[i];
          from = i + 1;
          continue;
        }
        if (c === 0x7d || c === 0x5d) {
          this.repaired = true; // `,}` / `,]`: the comma goes, the whitespace after it too
        } else {
          out += this.pending;
        }
        this.pending = '';
      }
      if (c === 0x2c) {
        out += text.slice(from, i);
        this.pending = ',';
        from = i + 1;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b) this.closers.push('}');
      else if (c === 0x5b) this.closers.push(']');
      else if (c === 0x7d || c === 0x5d) this.closers.pop();
    }
    if (this.pending === '') out += text.slice(from);
    this.emitted += out;
    return out;
  }

  /** The arguments ended: what still has to be sent, or why they cannot be used. */
  end(): ArgsEnd {
    if (this.inString) return { ok: false, reason: 'they end inside a string' };
    let tail = '';
    if (this.pending !== '') this.repaired = true;
    this.pending = '';
    if (this.closers.length > 0) {
      tail = this.closers.reverse().join('');
      this.repaired = true;
    }
    const whole = this.emitted + tail;
    if (whole.trim() === '') return { ok: true, tail: '', repaired: false };
    let value: unknown;
    try {
      value = JSON.parse(whole);
    } catch (e) {
      return { ok: false, reason: `they are not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'they are not a JSON object' };
    return { ok: true, tail, repaired: this.repaired };
  }
}

/** Whole arguments (non-streaming): the parsed object, repaired where that is safe. */
export function repairJsonArguments(text: string): { ok: true; value: Obj; repaired: boolean } | { ok: false; reason: string } {
  const r = new JsonArgsRepairer();
  const head = r.push(text);
  const end = r.end();
  if (!end.ok) return end;
  const whole = head + end.tail;
  return { ok: true, value: whole.trim() === '' ? {} : (JSON.parse(whole) as Obj), repaired: end.repaired };
}
