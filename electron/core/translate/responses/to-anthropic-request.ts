/**
 * Responses request → Anthropic Messages request (Responses client such as Codex, Anthropic-protocol provider).
 *
 * | Responses | Anthropic |
 * | --- | --- |
 * | instructions, leading system/developer items | `system` text blocks, one per item |
 * | a system/developer item after the conversation started | user text `<system>\n…\n</system>` in place (note `system_message_converted`) |
 * | user message | user turn: text and image blocks (images.ts; no vision: a placeholder, note `images_omitted`); consecutive user turns merge |
 * | assistant items of one turn | one assistant message, blocks in order: restored thinking / redacted_thinking, text, `tool_use` (ids kept; arguments parsed, text that is not a JSON object is sent as `{"arguments": <text>}`) |
 * | function/custom call outputs | `tool_result` blocks opening the next user turn, in order (parallel calls: one user turn with every result); images in an output stay inside the tool_result |
 * | reasoning aimux minted for this provider | the original thinking block with its signature, or the redacted_thinking block (thinking continuity in tool loops) |
 * | tools | custom tools (`parameters` → `input_schema`, strict kept) |
 * | tool_choice auto / required / none / a named tool | `{type: auto}` / `{type: any}` / `{type: none}` / `{type: tool, name}` |
 * | parallel_tool_calls: false | `tool_choice.disable_parallel_tool_use: true` |
 * | reasoning.effort | `thinking {type: enabled, budget_tokens}`: the table, max_tokens rule, forced-tool and tool-loop rules of openai-to-anthropic-request.ts |
 * | max_output_tokens | `max_tokens`; missing → DEFAULT_MAX_TOKENS (+ the budget with thinking), note `max_tokens_defaulted` |
 * | temperature (0..1), top_p | same; temperature > 1 → TRANSLATION_UNSUPPORTED |
 * | text.format json_schema | `output_config.format {type: json_schema, schema}` (note `text_format_mapped`); json_object is not sent (note `param_dropped`) |
 * | user / safety_identifier | `metadata.user_id` |
 * | (always) | `stream: true` |
 */

import type { AnthropicContentBlockParam, AnthropicCustomTool, AnthropicMessageParam, AnthropicMessagesRequest, AnthropicTextBlock, AnthropicToolChoice } from '../../protocol/anthropic';
import type { ResponsesRequest } from '../../protocol/responses';
import { expectObj, expectPositiveInt, isObj, optionalNumber, unsupported } from '../checks';
import { DEFAULT_MAX_TOKENS } from '../effort';
import { imagePlaceholder, openAIImageToAnthropic } from '../images';
import { mapReasoning } from '../openai-to-anthropic-request';
import { NoteList, type TranslateTarget } from '../types';
import { readConversation, type Turn, type UserPart } from './conversation';
import { checkTopLevel, requestedEffort, textFormat, userOf } from './request-common';
import type { ResponsesTranslation } from './to-chat-request';
import { collectTools, mapToolChoice } from './tools';

interface Ctx {
  target: TranslateTarget;
  omittedImages: number;
  notes: NoteList;
}

export function responsesToAnthropicRequest(req: ResponsesRequest, target: TranslateTarget, secret: Uint8Array): ResponsesTranslation<AnthropicMessagesRequest> {
  const raw = expectObj(req, 'body');
  const notes = new NoteList();
  checkTopLevel(raw, target.providerId, notes);
  const set = collectTools(raw.tools, raw.input, target.providerId, notes);
  const turns = readConversation(raw.instructions, raw.input, { names: set.names, providerId: target.providerId, secret, notes });
  const ctx: Ctx = { target, omittedImages: 0, notes };
  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessageParam[] = [];
  for (const turn of turns) writeTurn(turn, ctx, system, messages);
  const clientLimit = raw.max_output_tokens === undefined || raw.max_output_tokens === null ? undefined : expectPositiveInt(raw.max_output_tokens, 'max_output_tokens');
  const body: AnthropicMessagesRequest = { model: target.model, messages, max_tokens: clientLimit ?? DEFAULT_MAX_TOKENS, stream: true };
  if (system.length > 0) body.system = system;
  const temperature = optionalNumber(raw.temperature, 'temperature');
  if (temperature !== undefined) {
    if (temperature < 0 || temperature > 1) throw unsupported('temperature', `${temperature} is outside Anthropic's range 0..1`);
    body.temperature = temperature;
  }
  const topP = optionalNumber(raw.top_p, 'top_p');
  if (topP !== undefined) body.top_p = topP;
  const user = userOf(raw);
  if (user) body.metadata = { user_id: user.value };

  if (set.tools.length > 0) {
    if (!target.capabilities.tools) throw unsupported('tools', `${target.providerId} does not support tool calling`);
    body.tools = set.tools.map((t): AnthropicCustomTool => ({
      name: t.name,
      input_schema: t.parameters as AnthropicCustomTool['input_schema'],
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(t.strict !== undefined ? { strict: t.strict } : {}),
    }));
    const choice = mapToolChoice(raw.tool_choice, set, notes);
    let mapped: AnthropicToolChoice | undefined =
      choice === undefined ? undefined : choice === 'auto' ? { type: 'auto' } : choice === 'required' ? { type: 'any' } : choice === 'none' ? { type: 'none' } : { type: 'tool', name: choice.name };
    if (raw.parallel_tool_calls === false && mapped?.type !== 'none') mapped = { ...(mapped ?? { type: 'auto' }), disable_parallel_tool_use: true };
    if (mapped !== undefined) body.tool_choice = mapped;
  }

  const format = textFormat(raw.text);
  if (format?.type === 'json_object') notes.add('param_dropped', 'text.format json_object (Anthropic takes json_schema only)');
  else if (format !== undefined) {
    body.output_config = { format: { type: 'json_schema', schema: format.schema } };
    notes.add('text_format_mapped', 'text.format json_schema → output_config.format json_schema');
  }
  const effort = requestedEffort(raw.reasoning);
  if (effort !== undefined) mapReasoning({ reasoning_effort: effort }, target, clientLimit, body, notes);
  if (clientLimit === undefined) notes.add('max_tokens_defaulted', `no max_output_tokens: max_tokens=${body.max_tokens}`);
  if (ctx.omittedImages > 0) notes.add('images_omitted', `${ctx.omittedImages} image(s) replaced by a placeholder: ${target.providerId} does not accept images`);
  return { body, notes: notes.toArray(), tools: set.names.byFlat };
}

function blocksOf(parts: UserPart[], ctx: Ctx, path: string): AnthropicContentBlockParam[] {
  return parts.map((p): AnthropicContentBlockParam => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    if (!ctx.target.capabilities.vision) {
      ctx.omittedImages++;
      return { type: 'text', text: imagePlaceholder(ctx.target.providerId) };
    }
    return openAIImageToAnthropic({ type: 'image_url', image_url: { url: p.url } }, path);
  });
}

/** Appends blocks to the user turn at the end, or starts one. */
function appendUser(messages: AnthropicMessageParam[], blocks: AnthropicContentBlockParam[]): void {
  if (blocks.length === 0) return;
  const last = messages[messages.length - 1];
  if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(...blocks);
  else messages.push({ role: 'user', content: blocks });
}

function parseArguments(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    if (isObj(v)) return v;
  } catch {
    // Sent as text below: Codex returns an unparseable call's error to the model, so the turn must stay sendable.
  }
  return { arguments: args };
}

function writeTurn(turn: Turn, ctx: Ctx, system: AnthropicTextBlock[], messages: AnthropicMessageParam[]): void {
  if (turn.role === 'system') {
    if (turn.leading && messages.length === 0) system.push({ type: 'text', text: turn.text });
    else {
      appendUser(messages, [{ type: 'text', text: `<system>\n${turn.text}\n</system>` }]);
      ctx.notes.add('system_message_converted', 'a system/developer item after the conversation started was sent as user text');
    }
    return;
  }
  if (turn.role === 'user') {
    appendUser(messages, blocksOf(turn.parts, ctx, 'input'));
    return;
  }
  const content: AnthropicContentBlockParam[] = [];
  for (const b of turn.blocks) {
    if (b.type === 'text') {
      if (b.text !== '') content.push({ type: 'text', text: b.text });
    } else if (b.type === 'call') content.push({ type: 'tool_use', id: b.id, name: b.name, input: parseArguments(b.arguments) });
    else if (b.reasoning.kind === 'thinking') content.push({ type: 'thinking', thinking: b.reasoning.thinking, signature: b.reasoning.signature });
    else if (b.reasoning.kind === 'redacted') content.push({ type: 'redacted_thinking', data: b.reasoning.data });
  }
  if (content.length > 0) messages.push({ role: 'assistant', content });
  if (turn.results.length === 0) return;
  const results: AnthropicContentBlockParam[] = turn.results.map((r) => {
    const blocks = blocksOf(r.parts, ctx, 'input');
    const onlyText = blocks.every((b) => b.type === 'text');
    return { type: 'tool_result', tool_use_id: r.callId, content: onlyText ? blocks.map((b) => (b as AnthropicTextBlock).text).join('\n\n') : (blocks as never) };
  });
  messages.push({ role: 'user', content: results });
}
