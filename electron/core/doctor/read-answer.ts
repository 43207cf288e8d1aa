/** An Anthropic answer as the doctor sees it: the content blocks of an SSE stream (or of a JSON message). */
import { SseParser } from '../protocol/sse-parser';
import type { AnswerBlock } from './cases';

type Obj = Record<string, any>;

export function readAnthropicAnswer(text: string, contentType: string): { content: AnswerBlock[]; error?: string } {
  if (!contentType.includes('text/event-stream')) {
    try {
      const msg = JSON.parse(text) as Obj;
      return { content: Array.isArray(msg.content) ? msg.content : [] };
    } catch {
      return { content: [], error: 'the answer is neither an event stream nor JSON' };
    }
  }
  const content: AnswerBlock[] = [];
  const json = new Map<number, string>();
  let error: string | undefined;
  for (const ev of new SseParser().push(Buffer.from(text))) {
    let e: Obj;
    try {
      e = JSON.parse(ev.data) as Obj;
    } catch {
      continue;
    }
    if (e.type === 'content_block_start') {
      content[e.index] = { ...e.content_block };
      if (e.content_block?.type === 'tool_use') json.set(e.index, '');
    } else if (e.type === 'content_block_delta') {
      const b = content[e.index];
      if (!b) continue;
      if (e.delta.type === 'text_delta') b.text = (b.text ?? '') + e.delta.text;
      else if (e.delta.type === 'thinking_delta') b.thinking = (b.thinking ?? '') + e.delta.thinking;
      else if (e.delta.type === 'input_json_delta') json.set(e.index, (json.get(e.index) ?? '') + e.delta.partial_json);
    } else if (e.type === 'error') {
      error = `${e.error?.type ?? 'error'}: ${e.error?.message ?? ''}`;
    }
  }
  for (const [i, s] of json) {
    try {
      content[i]!.input = s === '' ? {} : JSON.parse(s);
    } catch {
      error ??= `tool input of block ${i} is not JSON`;
    }
  }
  return { content: content.filter(Boolean), ...(error ? { error } : {}) };
}
