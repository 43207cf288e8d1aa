/**
 * OpenAI `messages` → Anthropic `system` + `messages`, in one pass.
 *
 * - Leading system/developer messages → `system` text blocks, one per message.
 *   A system/developer message after the conversation started → user text `<system>\n…\n</system>` in place
 *   (not every Anthropic-protocol host accepts `role: "system"` inside messages; note `system_message_converted`).
 * - user: text → text blocks (empty text skipped: Anthropic rejects empty text blocks); image_url → image
 *   (images.ts); file with a PDF data URI → document; input_audio and file ids → TRANSLATION_UNSUPPORTED.
 * - assistant: content (string, text or refusal parts) → text block; tool_calls → tool_use blocks (arguments
 *   parsed; invalid JSON is a 400). `reasoning_content` / `reasoning` are dropped: Anthropic only accepts
 *   thinking it signed, and an OpenAI history never carries a signature (note `thinking_history_dropped`).
 * - tool messages → tool_result blocks. Consecutive tool messages and the user message after them merge
 *   into one user turn, tool results first, as Anthropic requires. Consecutive user messages merge too.
 * - `name` on messages has no equivalent (note `param_dropped`).
 */

import type { AnthropicContentBlockParam, AnthropicMessageParam, AnthropicTextBlock } from '../protocol/anthropic';
import type { OpenAIImagePart } from '../protocol/openai';
import { expectArray, expectObj, expectString, invalid, parseToolArguments, textOfParts, unsupported, type Obj } from './checks';
import { imagePlaceholder, openAIImageToAnthropic } from './images';
import type { NoteList, TranslateTarget } from './types';

export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessageParam[];
}

export function openAIMessagesToAnthropic(
  messages: unknown,
  notes: NoteList,
  target: Pick<TranslateTarget, 'providerId' | 'capabilities'>,
): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessageParam[] = [];
  const images: ImageCtx = { target, omitted: 0 };
  let droppedReasoning = 0;
  let named = false;
  expectArray(messages, 'messages').forEach((m, i) => {
    const path = `messages[${i}]`;
    const msg = expectObj(m, path);
    if (typeof msg.name === 'string' && msg.role !== 'function') named = true;
    switch (msg.role) {
      case 'system':
      case 'developer': {
        const text = textOfParts(msg.content, `${path}.content`);
        if (out.length === 0) {
          if (text !== '') system.push({ type: 'text', text });
        } else {
          appendUser(out, [{ type: 'text', text: `<system>\n${text}\n</system>` }]);
          notes.add('system_message_converted', `${path} (${msg.role}) sent as user text`);
        }
        break;
      }
      case 'user':
        appendUser(out, userBlocks(msg.content, `${path}.content`, notes, images));
        break;
      case 'assistant': {
        const hasReasoning = nonEmpty(msg.reasoning_content) || nonEmpty(msg.reasoning);
        if (hasReasoning) droppedReasoning++;
        const blocks = assistantBlocks(msg, path);
        if (blocks.length > 0) out.push({ role: 'assistant', content: blocks });
        break;
      }
      case 'tool': {
        const id = expectString(msg.tool_call_id, `${path}.tool_call_id`);
        const content = textOfParts(msg.content, `${path}.content`);
        const last = out[out.length - 1];
        const block: AnthropicContentBlockParam = { type: 'tool_result', tool_use_id: id, content };
        // Tool results must open the user turn: a user turn that already has other content gets split.
        if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) {
          last.content.push(block);
        } else {
          out.push({ role: 'user', content: [block] });
        }
        break;
      }
      case 'function':
        throw unsupported(`${path}.role`, 'the deprecated "function" role is not translated; use tools');
      default:
        throw invalid(`${path}.role`, 'expected "system", "developer", "user", "assistant" or "tool"');
    }
  });
  if (images.omitted > 0) {
    notes.add('images_omitted', `${images.omitted} image(s) replaced by a placeholder: ${target.providerId} does not accept images`);
  }
  if (droppedReasoning > 0) {
    notes.add('thinking_history_dropped', `reasoning of ${droppedReasoning} earlier assistant message(s) not sent (it carries no Anthropic signature)`);
  }
  if (named) notes.add('param_dropped', 'messages[].name');
  return { system, messages: out };
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v !== '';

function appendUser(out: AnthropicMessageParam[], blocks: AnthropicContentBlockParam[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(...blocks);
  else out.push({ role: 'user', content: blocks });
}

interface ImageCtx {
  target: Pick<TranslateTarget, 'providerId' | 'capabilities'>;
  /** Images replaced by a placeholder (target without vision). */
  omitted: number;
}

function userBlocks(content: unknown, path: string, notes: NoteList, images: ImageCtx): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: AnthropicContentBlockParam[] = [];
  expectArray(content, path).forEach((p, j) => {
    const ppath = `${path}[${j}]`;
    const part = expectObj(p, ppath);
    switch (part.type) {
      case 'text': {
        const text = expectString(part.text, `${ppath}.text`);
        if (text !== '') blocks.push({ type: 'text', text });
        break;
      }
      case 'image_url': {
        if (!images.target.capabilities.vision) {
          expectObj(part.image_url, `${ppath}.image_url`);
          blocks.push({ type: 'text', text: imagePlaceholder(images.target.providerId) });
          images.omitted++;
          break;
        }
        blocks.push(openAIImageToAnthropic(part as unknown as OpenAIImagePart, ppath));
        const detail = expectObj(part.image_url, `${ppath}.image_url`).detail;
        if (detail !== undefined && detail !== 'auto') notes.add('param_dropped', 'image_url.detail');
        break;
      }
      case 'file':
        blocks.push(fileBlock(expectObj(part.file, `${ppath}.file`), `${ppath}.file`));
        break;
      case 'input_audio':
        throw unsupported(`${ppath}.type`, 'audio input is not supported by Anthropic');
      default:
        throw unsupported(`${ppath}.type`, `content part "${String(part.type)}"`);
    }
  });
  return blocks;
}

function fileBlock(file: Obj, path: string): AnthropicContentBlockParam {
  const prefix = 'data:application/pdf;base64,';
  if (typeof file.file_data === 'string' && file.file_data.startsWith(prefix)) {
    const block: AnthropicContentBlockParam = {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: file.file_data.slice(prefix.length) },
    };
    if (typeof file.filename === 'string') block.title = file.filename;
    return block;
  }
  throw unsupported(path, 'only PDF files sent inline as a base64 data URI can be translated');
}

function assistantBlocks(msg: Obj, path: string): AnthropicContentBlockParam[] {
  const blocks: AnthropicContentBlockParam[] = [];
  const content = msg.content;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ type: 'text', text: content });
  } else if (content !== undefined && content !== null) {
    expectArray(content, `${path}.content`).forEach((p, j) => {
      const part = expectObj(p, `${path}.content[${j}]`);
      const text =
        part.type === 'text'
          ? expectString(part.text, `${path}.content[${j}].text`)
          : part.type === 'refusal'
            ? expectString(part.refusal, `${path}.content[${j}].refusal`)
            : undefined;
      if (text === undefined) throw unsupported(`${path}.content[${j}].type`, `"${String(part.type)}" in an assistant message`);
      if (text !== '') blocks.push({ type: 'text', text });
    });
  }
  if (nonEmpty(msg.refusal) && blocks.length === 0) blocks.push({ type: 'text', text: msg.refusal as string });
  if (msg.tool_calls !== undefined && msg.tool_calls !== null) {
    expectArray(msg.tool_calls, `${path}.tool_calls`).forEach((c, k) => {
      const cpath = `${path}.tool_calls[${k}]`;
      const call = expectObj(c, cpath);
      if (call.type !== undefined && call.type !== 'function') throw unsupported(`${cpath}.type`, `"${String(call.type)}" tool calls`);
      const fn = expectObj(call.function, `${cpath}.function`);
      blocks.push({
        type: 'tool_use',
        id: expectString(call.id, `${cpath}.id`),
        name: expectString(fn.name, `${cpath}.function.name`),
        input: parseToolArguments(fn.arguments, `${cpath}.function.arguments`),
      });
    });
  }
  return blocks;
}
