/**
 * Streams the value of a custom tool's one string argument while its JSON arguments arrive in pieces.
 *
 * A custom (freeform) tool is sent to the target as a function taking `{"input": "<text>"}`; the model's
 * arguments arrive as JSON fragments. The client must get the decoded text as
 * `response.custom_tool_call_input.delta` events, not JSON, and without waiting for the whole call. This
 * reader decodes the first string value of the top-level object (whatever its key) as the fragments
 * come: escapes split across fragments are held until complete, and a high surrogate waits for its pair.
 * Anything else (a number, a nested object) stops the live decoding; the caller then takes the input
 * from the complete arguments at the end.
 */

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type State = 'start' | 'key' | 'key-escape' | 'colon' | 'value' | 'done' | 'failed';

export class JsonStringReader {
  private state: State = 'start';
  private escape = '';
  private surrogate = '';

  /** True once the value was not a plain string: the live text cannot be trusted. */
  get failed(): boolean {
    return this.state === 'failed';
  }

  /** Decoded text from one fragment ('' when the fragment completed none). */
  push(fragment: string): string {
    let out = '';
    for (let i = 0; i < fragment.length; i++) {
      const c = fragment[i]!;
      switch (this.state) {
        case 'start':
          if (c === '"') this.state = 'key';
          else if (c !== '{' && !/\s/.test(c)) this.state = 'failed';
          break;
        case 'key':
          if (c === '\\') this.state = 'key-escape';
          else if (c === '"') this.state = 'colon';
          break;
        case 'key-escape':
          this.state = 'key';
          break;
        case 'colon':
          if (c === '"') this.state = 'value';
          else if (c !== ':' && !/\s/.test(c)) this.state = 'failed';
          break;
        case 'value': {
          if (this.escape !== '' || c === '\\') {
            this.escape += c;
            const decoded = this.decodeEscape();
            if (decoded !== undefined) out += this.withSurrogate(decoded);
          } else if (c === '"') {
            out += this.surrogate;
            this.surrogate = '';
            this.state = 'done';
          } else {
            // Copy a run of plain characters at once.
            let j = i;
            while (j < fragment.length && fragment[j] !== '\\' && fragment[j] !== '"') j++;
            out += this.withSurrogate(fragment.slice(i, j));
            i = j - 1;
          }
          break;
        }
        default:
          return out;
      }
    }
    return out;
  }

  private decodeEscape(): string | undefined {
    const e = this.escape;
    if (e.length < 2) return undefined;
    if (e[1] === 'u') {
      if (e.length < 6) return undefined;
      this.escape = '';
      const code = Number.parseInt(e.slice(2), 16);
      if (Number.isNaN(code)) {
        this.state = 'failed';
        return '';
      }
      return String.fromCharCode(code);
    }
    this.escape = '';
    const mapped = ESCAPES[e[1]!];
    if (mapped === undefined) this.state = 'failed';
    return mapped ?? '';
  }

  /** Holds a trailing high surrogate until the next text, so no event carries half a character. */
  private withSurrogate(text: string): string {
    if (text === '') return '';
    let t = this.surrogate + text;
    this.surrogate = '';
    const last = t.charCodeAt(t.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.surrogate = t.slice(-1);
      t = t.slice(0, -1);
    }
    return t;
  }
}
