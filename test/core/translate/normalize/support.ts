/** Reassembles Anthropic stream events into a message, checking the event grammar on the way. */
import type { AnthropicStreamEvent } from '../../../../electron/core/protocol/anthropic';

export interface Assembled {
  content: Array<Record<string, any>>;
  stopReason: string | null | undefined;
  error: { type: string; message: string } | undefined;
  stopped: boolean;
}

export function assemble(events: AnthropicStreamEvent[]): Assembled {
  const content: Array<Record<string, any>> = [];
  const json = new Map<number, string>();
  let open: number | undefined;
  let stopReason: string | null | undefined;
  let error: Assembled['error'];
  let stopped = false;
  for (const e of events) {
    if (stopped || error) throw new Error(`event after the end: ${e.type}`);
    switch (e.type) {
      case 'content_block_start':
        if (open !== undefined) throw new Error(`block ${e.index} started while ${open} is open`);
        if (e.index !== content.length) throw new Error(`block index ${e.index}, expected ${content.length}`);
        open = e.index;
        content.push(structuredClone(e.content_block) as Record<string, any>);
        if (e.content_block.type === 'tool_use') json.set(e.index, '');
        break;
      case 'content_block_delta': {
        if (e.index !== open) throw new Error(`delta for ${e.index} while ${open} is open`);
        const b = content[e.index]!;
        const d = e.delta;
        if (d.type === 'text_delta') b.text += d.text;
        else if (d.type === 'thinking_delta') b.thinking += d.thinking;
        else if (d.type === 'signature_delta') b.signature = d.signature;
        else if (d.type === 'input_json_delta') json.set(e.index, json.get(e.index)! + d.partial_json);
        break;
      }
      case 'content_block_stop':
        if (e.index !== open) throw new Error(`stop for ${e.index} while ${open} is open`);
        if (json.has(e.index)) {
          const text = json.get(e.index)!;
          content[e.index]!.input = text === '' ? {} : JSON.parse(text);
        }
        open = undefined;
        break;
      case 'message_delta':
        stopReason = e.delta.stop_reason;
        break;
      case 'message_stop':
        stopped = true;
        break;
      case 'error':
        error = e.error;
        break;
    }
  }
  return { content, stopReason, error, stopped };
}

/** Every way to cut `text` in two, plus one piece per character. */
export function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let k = 1; k < text.length; k++) out.push([text.slice(0, k), text.slice(k)]);
  return out;
}
