/**
 * The non-streaming form of stream-normalizer.ts: the same rules on a whole Anthropic message. Text blocks
 * go through the same text scanner; tool_use inputs are already objects here (the OpenAI → Anthropic response
 * translator repairs their arguments with json-args.ts, an Anthropic upstream sends parsed JSON).
 */
import type { AnthropicContentBlock, AnthropicMessage } from '../../protocol/anthropic';
import { aimuxThinkingSignature } from '../signature';
import type { NormalizeOptions } from './stream-normalizer';
import { TextScanner, type TextSegment } from './text-scanner';

export function normalizeAnthropicMessage(msg: AnthropicMessage, opts: NormalizeOptions): AnthropicMessage {
  const scanner = new TextScanner({ thinkTags: opts.thinkTags, toolCalls: opts.toolCalls });
  const content: AnthropicContentBlock[] = [];
  const idBase = String(msg.id ?? 'msg').replace(/^msg_/, '');
  let written = 0;
  /** The block the scanner is still writing into, if any. */
  let own: AnthropicContentBlock | undefined;
  const add = (segments: TextSegment[]) => {
    for (const s of segments) {
      if (s.kind === 'text') {
        if (own?.type === 'text') own.text += s.text;
        else content.push((own = { type: 'text', text: s.text }));
      } else if (s.kind === 'thinking') {
        if (own?.type === 'thinking') own.thinking += s.text;
        else content.push((own = { type: 'thinking', thinking: s.text, signature: aimuxThinkingSignature(opts.providerId) }));
      } else {
        own = undefined;
        if (s.kind === 'tool') content.push({ type: 'tool_use', id: `toolu_${idBase}_t${written++}`, name: s.name, input: s.input });
      }
    }
  };
  for (const block of Array.isArray(msg.content) ? msg.content : []) {
    if (block.type === 'text' && block.citations == null) {
      add(scanner.push(block.text ?? ''));
      add(scanner.end());
    } else {
      content.push(block);
    }
    own = undefined;
  }
  const toolStop = written > 0 && (msg.stop_reason === 'end_turn' || msg.stop_reason === 'stop_sequence');
  return { ...msg, content, ...(toolStop ? { stop_reason: 'tool_use' as const, stop_sequence: null } : {}) };
}
