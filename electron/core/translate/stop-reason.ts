/**
 * finish_reason ↔ stop_reason.
 *
 * | OpenAI finish_reason         | Anthropic stop_reason |
 * | ---------------------------- | --------------------- |
 * | `stop`                       | `end_turn`; `stop_sequence` when the upstream names the matched stop string (vLLM `stop_reason`, SGLang `matched_stop`) |
 * | `length`                     | `max_tokens`          |
 * | `tool_calls`, `function_call`| `tool_use`            |
 * | `content_filter`             | `refusal`             |
 * | `stop` or unknown, with tool calls in the message | `tool_use` (Ollama and others say `stop` after tool calls) |
 * | anything else / null         | `end_turn` (`refusal` when the message carried a `refusal`) |
 *
 * | Anthropic stop_reason        | OpenAI finish_reason |
 * | ---------------------------- | -------------------- |
 * | `end_turn`, `stop_sequence`, `pause_turn`, null | `stop` |
 * | `max_tokens`, `model_context_window_exceeded`   | `length` |
 * | `tool_use`                   | `tool_calls`         |
 * | `refusal`                    | `content_filter`     |
 */

import type { AnthropicStopReason } from '../protocol/anthropic';
import type { OpenAIFinishReason } from '../protocol/openai';

export interface FinishFacts {
  finishReason: string | null;
  /** vLLM `stop_reason` / SGLang `matched_stop` (a string when a stop string matched, a token id otherwise). */
  matchedStop?: string | number | null | undefined;
  hasToolCalls: boolean;
  refusal: boolean;
  /** The request's stop sequences; when given, a matched string must be one of them. */
  stopSequences?: string[] | undefined;
}

export function toAnthropicStop(f: FinishFacts): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  switch (f.finishReason) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    case 'stop': {
      if (f.hasToolCalls) return { stop_reason: 'tool_use', stop_sequence: null };
      const m = f.matchedStop;
      if (typeof m === 'string' && m !== '' && (f.stopSequences === undefined || f.stopSequences.includes(m))) {
        return { stop_reason: 'stop_sequence', stop_sequence: m };
      }
      return { stop_reason: f.refusal ? 'refusal' : 'end_turn', stop_sequence: null };
    }
    default:
      if (f.hasToolCalls) return { stop_reason: 'tool_use', stop_sequence: null };
      return { stop_reason: f.refusal ? 'refusal' : 'end_turn', stop_sequence: null };
  }
}

export function toOpenAIFinish(stopReason: AnthropicStopReason | null): OpenAIFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
