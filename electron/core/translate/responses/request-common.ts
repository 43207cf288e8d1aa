/**
 * What the two request translators (to Chat, to Anthropic) share: which top-level Responses fields they
 * map, which they accept and drop, and which no target can honour.
 *
 * | Responses field | handling |
 * | --- | --- |
 * | `model` | target.model |
 * | `instructions`, `input` | the conversation (conversation.ts) |
 * | `tools`, `tool_choice`, `parallel_tool_calls` | tools.ts; the last two only when tools remain |
 * | `reasoning.effort` | reasoning_effort (Chat) or a thinking budget (Anthropic), effort.ts tables; `reasoning.summary` is what aimux always streams |
 * | `max_output_tokens`, `temperature`, `top_p` | the target's fields |
 * | `text.format` | json_schema → response_format / output_config.format (note `text_format_mapped`) |
 * | `user`, `safety_identifier` | Chat `user`, Anthropic `metadata.user_id` |
 * | `stream` | the upstream is always asked for a stream; the client's own choice decides what it gets |
 * | `store`, `include`, `client_metadata`, `metadata`, `prompt_cache_key` | accepted, not sent (prompt_cache_key keeps the session on one target instead) |
 * | `text.verbosity`, `service_tier`, `truncation`, `top_logprobs`, `max_tool_calls`, `prompt_cache_retention` and unknown fields | not sent (note `param_dropped`) |
 * | `previous_response_id` | expanded by the pipeline from its response store before translation; one left here is TRANSLATION_UNSUPPORTED |
 * | `background: true`, `conversation`, `prompt` | TRANSLATION_UNSUPPORTED |
 */

import { expectObj, invalid, isObj, unsupported, type Obj } from '../checks';
import type { NoteList } from '../types';

const MAPPED = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'max_output_tokens', 'temperature', 'top_p', 'text',
  'user', 'safety_identifier', 'stream', 'stream_options', 'store', 'include', 'client_metadata', 'metadata', 'prompt_cache_key', 'previous_response_id', 'background',
]);

/** Checks the fields no target can honour and notes the ones not sent. */
export function checkTopLevel(raw: Obj, targetId: string, notes: NoteList): void {
  if (raw.previous_response_id !== undefined && raw.previous_response_id !== null) {
    throw unsupported('previous_response_id', `unknown response id ${JSON.stringify(raw.previous_response_id)}: aimux did not store it (or it expired), and ${targetId} cannot look it up`);
  }
  if (raw.background === true) throw unsupported('background', 'background responses are not supported');
  for (const key of ['conversation', 'prompt']) {
    if (raw[key] !== undefined && raw[key] !== null) throw unsupported(key, 'not supported by aimux translation');
  }
  const dropped = Object.keys(raw).filter((k) => !MAPPED.has(k) && raw[k] !== undefined && raw[k] !== null);
  if (isObj(raw.text) && raw.text.verbosity !== undefined && raw.text.verbosity !== null) dropped.push('text.verbosity');
  if (dropped.length > 0) notes.add('param_dropped', `not sent to ${targetId}: ${dropped.join(', ')}`);
}

/** The reasoning effort asked for, or undefined for none. */
export function requestedEffort(reasoning: unknown): string | undefined {
  if (reasoning === undefined || reasoning === null) return undefined;
  const effort = expectObj(reasoning, 'reasoning').effort;
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  if (typeof effort !== 'string') throw invalid('reasoning.effort', 'expected a string');
  return effort;
}

/** The json_schema of `text.format`, undefined for plain text; json_object is returned as such. */
export function textFormat(text: unknown): { type: 'json_schema'; name: string; schema: Obj; strict?: boolean } | { type: 'json_object' } | undefined {
  if (!isObj(text) || text.format === undefined || text.format === null) return undefined;
  const f = expectObj(text.format, 'text.format');
  if (f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  if (f.type !== 'json_schema') throw invalid('text.format.type', 'expected "text", "json_schema" or "json_object"');
  const out: { type: 'json_schema'; name: string; schema: Obj; strict?: boolean } = {
    type: 'json_schema',
    name: typeof f.name === 'string' && f.name !== '' ? f.name : 'response',
    schema: expectObj(f.schema, 'text.format.schema'),
  };
  if (typeof f.strict === 'boolean') out.strict = f.strict;
  return out;
}

export function userOf(raw: Obj): { value: string; field: string } | undefined {
  if (typeof raw.user === 'string' && raw.user !== '') return { value: raw.user, field: 'user' };
  if (typeof raw.safety_identifier === 'string' && raw.safety_identifier !== '') return { value: raw.safety_identifier, field: 'safety_identifier' };
  return undefined;
}
