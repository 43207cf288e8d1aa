/**
 * Responses request → Chat Completions request (Responses client such as Codex, OpenAI-protocol provider).
 *
 * | Responses | Chat Completions |
 * | --- | --- |
 * | instructions, system/developer items | `system` messages, in place |
 * | user message | `user` message: one text part → string content, else `text` / `image_url` parts (no vision: a text placeholder, note `images_omitted`) |
 * | assistant message + function/custom calls of one turn | one `assistant` message: text joined, `tool_calls` (ids kept), `content: null` when only calls |
 * | function/custom call outputs | `tool` messages right after their assistant message, in order; images in an output go into a user message after them, as for Anthropic tool results |
 * | reasoning aimux minted for this provider | `quirks.reasoningField` on the assistant message when `quirks.echoReasoning` (DeepSeek); else dropped (note `thinking_history_dropped`) |
 * | tools | function tools (tools.ts) |
 * | tool_choice | `auto` / `required` / `none` / `{type: "function", function: {name}}` |
 * | parallel_tool_calls | same (only with tools) |
 * | reasoning.effort | `reasoning_effort` when capabilities.thinking: minimal → low, low/medium/high kept, xhigh/max → high (note `thinking_mapped` when changed); without the capability note `thinking_dropped` |
 * | max_output_tokens | `quirks.maxTokensField` |
 * | temperature, top_p | same |
 * | text.format json_schema | `response_format {type: json_schema, json_schema: {name, schema, strict}}`; json_object → `{type: json_object}` (note `text_format_mapped`) |
 * | user / safety_identifier | `user` |
 * | (always) | `stream: true`, `stream_options.include_usage: true` |
 */

import type { OpenAIAssistantMessage, OpenAIChatRequest, OpenAIFunctionTool, OpenAIMessage, OpenAIUserContentPart } from '../../protocol/openai';
import type { ResponsesRequest } from '../../protocol/responses';
import { expectObj, expectPositiveInt, optionalNumber, unsupported } from '../checks';
import { imagePlaceholder } from '../images';
import { NoteList, type RequestTranslation, type TranslateTarget } from '../types';
import { readConversation, type Turn, type UserPart } from './conversation';
import { checkTopLevel, requestedEffort, textFormat, userOf } from './request-common';
import type { ToolLookup } from './tool-names';
import { collectTools, mapToolChoice } from './tools';

export interface ResponsesTranslation<T> extends RequestTranslation<T> {
  /** Flat tool name → the declared tool, for the stream translator. */
  tools: ToolLookup;
}

const CHAT_EFFORT: Readonly<Record<string, 'low' | 'medium' | 'high'>> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

interface Ctx {
  target: TranslateTarget;
  omittedImages: number;
  droppedReasoning: number;
}

export function responsesToChatRequest(req: ResponsesRequest, target: TranslateTarget, secret: Uint8Array): ResponsesTranslation<OpenAIChatRequest> {
  const raw = expectObj(req, 'body');
  const notes = new NoteList();
  checkTopLevel(raw, target.providerId, notes);
  const set = collectTools(raw.tools, raw.input, target.providerId, notes);
  const turns = readConversation(raw.instructions, raw.input, { names: set.names, providerId: target.providerId, secret, notes });
  const ctx: Ctx = { target, omittedImages: 0, droppedReasoning: 0 };
  const body: OpenAIChatRequest = { model: target.model, messages: turns.flatMap((t) => messagesOf(t, ctx)), stream: true, stream_options: { include_usage: true } };
  if (raw.max_output_tokens !== undefined && raw.max_output_tokens !== null) body[target.quirks.maxTokensField] = expectPositiveInt(raw.max_output_tokens, 'max_output_tokens');
  const temperature = optionalNumber(raw.temperature, 'temperature');
  if (temperature !== undefined) body.temperature = temperature;
  const topP = optionalNumber(raw.top_p, 'top_p');
  if (topP !== undefined) body.top_p = topP;
  const user = userOf(raw);
  if (user) body.user = user.value;

  if (set.tools.length > 0) {
    if (!target.capabilities.tools) throw unsupported('tools', `${target.providerId} does not support tool calling`);
    body.tools = set.tools.map((t): OpenAIFunctionTool => ({
      type: 'function',
      function: { name: t.name, parameters: t.parameters, ...(t.description !== undefined ? { description: t.description } : {}), ...(t.strict !== undefined ? { strict: t.strict } : {}) },
    }));
    const choice = mapToolChoice(raw.tool_choice, set, notes);
    if (choice !== undefined) body.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
    if (typeof raw.parallel_tool_calls === 'boolean') body.parallel_tool_calls = raw.parallel_tool_calls;
  }

  const effort = requestedEffort(raw.reasoning);
  if (effort !== undefined) {
    const mapped = CHAT_EFFORT[effort];
    if (mapped === undefined) throw unsupported('reasoning.effort', `"${effort}"`);
    if (!target.capabilities.thinking) notes.add('thinking_dropped', `reasoning.effort=${effort} not sent: ${target.providerId} takes no reasoning_effort`);
    else {
      body.reasoning_effort = mapped;
      if (mapped !== effort) notes.add('thinking_mapped', `reasoning.effort=${effort} → reasoning_effort=${mapped}`);
    }
  }
  const format = textFormat(raw.text);
  if (format?.type === 'json_object') {
    body.response_format = { type: 'json_object' };
    notes.add('text_format_mapped', 'text.format json_object → response_format json_object');
  } else if (format !== undefined) {
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
    notes.add('text_format_mapped', 'text.format json_schema → response_format json_schema');
  }
  if (ctx.omittedImages > 0) notes.add('images_omitted', `${ctx.omittedImages} image(s) replaced by a placeholder: ${target.providerId} does not accept images`);
  if (ctx.droppedReasoning > 0) notes.add('thinking_history_dropped', `${ctx.droppedReasoning} earlier reasoning item(s) not sent: ${target.providerId} takes no reasoning echo`);
  return { body, notes: notes.toArray(), tools: set.names.byFlat };
}

function userParts(parts: UserPart[], ctx: Ctx): OpenAIUserContentPart[] {
  return parts.map((p): OpenAIUserContentPart => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    if (!ctx.target.capabilities.vision) {
      ctx.omittedImages++;
      return { type: 'text', text: imagePlaceholder(ctx.target.providerId) };
    }
    const d = p.detail;
    const image: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: p.url };
    if (d === 'low' || d === 'high' || d === 'auto') image.detail = d;
    return { type: 'image_url', image_url: image };
  });
}

function userMessage(parts: OpenAIUserContentPart[]): OpenAIMessage[] {
  if (parts.length === 0) return [];
  const only = parts[0];
  return [{ role: 'user', content: parts.length === 1 && only?.type === 'text' ? only.text : parts }];
}

function messagesOf(turn: Turn, ctx: Ctx): OpenAIMessage[] {
  if (turn.role === 'system') return [{ role: 'system', content: turn.text }];
  if (turn.role === 'user') return userMessage(userParts(turn.parts, ctx));
  const { echoReasoning, reasoningField } = ctx.target.quirks;
  const texts: string[] = [];
  const reasoning: string[] = [];
  const msg: OpenAIAssistantMessage = { role: 'assistant' };
  for (const b of turn.blocks) {
    if (b.type === 'text') texts.push(b.text);
    else if (b.type === 'call') (msg.tool_calls ??= []).push({ id: b.id, type: 'function', function: { name: b.name, arguments: b.arguments } });
    else if (!echoReasoning || b.reasoning.kind === 'redacted') ctx.droppedReasoning++;
    else reasoning.push(b.reasoning.kind === 'text' ? b.reasoning.text : b.reasoning.thinking);
  }
  const text = texts.join('');
  if (text === '' && msg.tool_calls === undefined && reasoning.length === 0) return [];
  msg.content = text === '' && msg.tool_calls !== undefined ? null : text;
  if (reasoning.length > 0) msg[reasoningField] = reasoning.join('\n\n');
  const out: OpenAIMessage[] = [msg];
  const images: OpenAIUserContentPart[] = [];
  for (const r of turn.results) {
    const parts = userParts(r.parts, ctx);
    const texts = parts.flatMap((p) => (p.type === 'text' ? [p.text] : []));
    const pics = parts.filter((p) => p.type === 'image_url');
    if (pics.length > 0) {
      texts.push(`[${pics.length} image(s) attached in the next user message]`);
      images.push({ type: 'text', text: `Images returned by tool call ${r.callId}:` }, ...pics);
    }
    out.push({ role: 'tool', tool_call_id: r.callId, content: texts.join('\n\n') });
  }
  return out.concat(userMessage(images));
}
