/**
 * Responses `instructions` + `input` → a neutral conversation that the Chat and Anthropic request
 * translators each write out in their own shape. One pass over the items.
 *
 * - `instructions`, then `system`/`developer` message items anywhere in `input` → system turns, in order
 *   (`leading` when no user or assistant turn came before).
 * - A plain string `input` → one user turn. `user` messages: `input_text` (and `output_text`) parts → text,
 *   `input_image` (http(s) URL or data URI) → image; `input_file` and image `file_id`s → TRANSLATION_UNSUPPORTED.
 * - `assistant` messages, `reasoning`, `function_call` and `custom_tool_call` items that follow each other
 *   form one assistant turn, blocks in order (text from `output_text`/`refusal` parts).
 * - `function_call` keeps its `call_id` and `arguments`; its name becomes the flat name (tool-names.ts),
 *   `namespace` included. `custom_tool_call` becomes a call of the same flat name with arguments
 *   `{"input": <input>}`.
 * - `function_call_output` and `custom_tool_call_output` (a string or content parts) attach to the
 *   assistant turn holding their call, in the order they come, so each target can put them right after it
 *   (parallel calls: all calls, then all outputs). An output whose call is not in the input is a 400.
 * - `reasoning` items: their `encrypted_content` is decoded with reasoning-codec.ts. Reasoning that aimux
 *   minted for the target's own provider is restored; anything else (another provider's, another server's,
 *   a summary without encrypted content) is dropped, never forwarded raw (note `thinking_history_dropped`).
 * - Accepted and ignored: item `id` and `status`, `content: null`, `additional_tools` (read as tools).
 *   Hosted-tool history (`web_search_call`, `tool_search_call`, `tool_search_output`) is dropped (note
 *   `server_tool_history_converted`); `item_reference` and unknown item types are TRANSLATION_UNSUPPORTED.
 */

import { expectArray, expectObj, expectString, invalid, unsupported, type Obj } from '../checks';
import type { NoteList } from '../types';
import { decodeReasoning, type StoredReasoning } from './reasoning-codec';
import type { ToolNames } from './tool-names';

export type UserPart = { type: 'text'; text: string } | { type: 'image'; url: string; detail?: string };

export type AssistantBlock =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; reasoning: StoredReasoning }
  | { type: 'call'; id: string; name: string; arguments: string };

export interface ToolResult {
  callId: string;
  parts: UserPart[];
}

export type Turn =
  | { role: 'system'; text: string; leading: boolean }
  | { role: 'user'; parts: UserPart[] }
  | { role: 'assistant'; blocks: AssistantBlock[]; results: ToolResult[] };

const HOSTED_HISTORY = new Set(['web_search_call', 'tool_search_call', 'tool_search_output', 'file_search_call', 'image_generation_call', 'code_interpreter_call']);

function textOf(content: unknown, path: string): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  return expectArray(content, path)
    .map((p, i) => {
      const part = expectObj(p, `${path}[${i}]`);
      if (part.type === 'input_text' || part.type === 'output_text' || part.type === 'text') return expectString(part.text, `${path}[${i}].text`);
      throw unsupported(`${path}[${i}].type`, `"${String(part.type)}" is not allowed here (text only)`);
    })
    .join('\n\n');
}

export function partsOf(content: unknown, path: string): UserPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (content === null || content === undefined) return [];
  const out: UserPart[] = [];
  expectArray(content, path).forEach((p, i) => {
    const ppath = `${path}[${i}]`;
    const part = expectObj(p, ppath);
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text': {
        const text = expectString(part.text, `${ppath}.text`);
        if (text !== '') out.push({ type: 'text', text });
        break;
      }
      case 'refusal':
        out.push({ type: 'text', text: expectString(part.refusal, `${ppath}.refusal`) });
        break;
      case 'input_image': {
        if (typeof part.image_url !== 'string') throw unsupported(ppath, 'only images given by image_url (a URL or data URI) can be translated, not file_id');
        out.push({ type: 'image', url: part.image_url, ...(typeof part.detail === 'string' ? { detail: part.detail } : {}) });
        break;
      }
      default:
        throw unsupported(`${ppath}.type`, `content part "${String(part.type)}"`);
    }
  });
  return out;
}

export interface ConversationOptions {
  names: ToolNames;
  providerId: string;
  secret: Uint8Array;
  notes: NoteList;
}

export function readConversation(instructions: unknown, input: unknown, o: ConversationOptions): Turn[] {
  const turns: Turn[] = [];
  let talked = false;
  let dropped = 0;
  const assistant = (): Extract<Turn, { role: 'assistant' }> => {
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && last.results.length === 0) return last;
    const turn: Turn = { role: 'assistant', blocks: [], results: [] };
    turns.push(turn);
    talked = true;
    return turn;
  };
  if (instructions !== undefined && instructions !== null) {
    const text = expectString(instructions, 'instructions');
    if (text !== '') turns.push({ role: 'system', text, leading: true });
  }
  if (typeof input === 'string') {
    turns.push({ role: 'user', parts: partsOf(input, 'input') });
    return turns;
  }
  expectArray(input, 'input').forEach((it, i) => {
    const path = `input[${i}]`;
    const item = expectObj(it, path);
    const type = item.type ?? (typeof item.role === 'string' ? 'message' : undefined);
    switch (type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') {
          const text = textOf(item.content, `${path}.content`);
          if (text !== '') turns.push({ role: 'system', text, leading: !talked });
        } else if (item.role === 'user') {
          turns.push({ role: 'user', parts: partsOf(item.content, `${path}.content`) });
          talked = true;
        } else if (item.role === 'assistant') {
          for (const p of partsOf(item.content, `${path}.content`)) {
            if (p.type === 'text') assistant().blocks.push({ type: 'text', text: p.text });
          }
        } else throw invalid(`${path}.role`, 'expected "user", "assistant", "system" or "developer"');
        break;
      case 'reasoning': {
        const decoded = decodeReasoning(item.encrypted_content, o.secret);
        if (decoded !== undefined && decoded.providerId === o.providerId) assistant().blocks.push({ type: 'reasoning', reasoning: decoded.reasoning });
        else dropped++;
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const ns = typeof item.namespace === 'string' ? item.namespace : undefined;
        const name = o.names.flat(ns, expectString(item.name, `${path}.name`));
        const id = expectString(item.call_id, `${path}.call_id`);
        const args = type === 'function_call' ? expectString(item.arguments ?? '', `${path}.arguments`) : JSON.stringify({ input: expectString(item.input, `${path}.input`) });
        assistant().blocks.push({ type: 'call', id, name, arguments: args });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        attachResult(turns, item, path);
        break;
      case 'additional_tools':
        break;
      default:
        if (typeof type === 'string' && HOSTED_HISTORY.has(type)) {
          o.notes.add('server_tool_history_converted', `${type} items dropped`);
          break;
        }
        throw unsupported(`${path}.type`, `input item "${String(type)}"`);
    }
  });
  if (dropped > 0) o.notes.add('thinking_history_dropped', `${dropped} reasoning item(s) not from ${o.providerId} via aimux were not sent`);
  return turns;
}

function attachResult(turns: Turn[], item: Obj, path: string): void {
  const callId = expectString(item.call_id, `${path}.call_id`);
  const parts = partsOf(item.output, `${path}.output`);
  for (let t = turns.length - 1; t >= 0; t--) {
    const turn = turns[t]!;
    if (turn.role === 'assistant' && turn.blocks.some((b) => b.type === 'call' && b.id === callId)) {
      turn.results.push({ callId, parts });
      return;
    }
  }
  throw invalid(`${path}.call_id`, `no function_call or custom_tool_call with call_id "${callId}" comes before this output`);
}

