/**
 * Anthropic `system` + `messages` → OpenAI `messages`, in one pass.
 *
 * - `system` (string or text blocks, joined with a blank line) → a leading system message.
 *   `role: "system"` messages inside `messages` (Claude Code sends them, even last) → system messages in place.
 * - user turn: tool_result blocks → `role: "tool"` messages first (so they follow the assistant message that
 *   called them, in their order), then one user message with the rest (text, images, documents).
 *   A user message with a single text block gets string content; otherwise content parts.
 * - tool_result content: OpenAI tool messages take text only. Text blocks are joined with a blank line;
 *   `is_error: true` prefixes the text with `Error: ` (OpenAI has no error flag). Images in a tool result go
 *   into the user message that follows the tool messages, after a label `Images returned by tool call <id>:`,
 *   and the tool message text says `[<n> image(s) attached in the next user message]`.
 *   Document/search-result text and tool_reference (deferred tool loaded) become text.
 * - assistant turn: text blocks concatenated (as they were streamed) into `content`; tool_use → `tool_calls`
 *   (a turn left with nothing to send, e.g. only dropped thinking, is left out);
 *   (ids kept, input as JSON text); thinking → `quirks.reasoningField` when `quirks.echoReasoning`, else
 *   dropped; redacted_thinking always dropped (note `thinking_history_dropped`). Server tool blocks
 *   (web search) cannot be replayed as calls: server_tool_use is dropped and the results become text
 *   (note `server_tool_history_converted`).
 * - images: see images.ts; without vision every image (tool results included) becomes a placeholder.
 * - cache_control is dropped everywhere (OpenAI-compatible hosts cache automatically or not at all).
 */

import type {
  AnthropicContentBlockParam,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicToolResultBlock,
  AnthropicToolResultContent,
} from '../protocol/anthropic';
import type {
  OpenAIAssistantMessage,
  OpenAIMessage,
  OpenAIToolCall,
  OpenAIToolMessage,
  OpenAIUserContentPart,
} from '../protocol/openai';
import { expectArray, expectObj, expectString, invalid, textOfParts, unsupported } from './checks';
import { anthropicImageToOpenAI, imagePlaceholder } from './images';
import type { NoteList, TranslateTarget } from './types';

interface Ctx {
  target: TranslateTarget;
  notes: NoteList;
  omittedImages: number;
  droppedThinking: number;
  droppedRedacted: number;
}

export function anthropicMessagesToOpenAI(
  system: unknown,
  messages: unknown,
  target: TranslateTarget,
  notes: NoteList,
): OpenAIMessage[] {
  const ctx: Ctx = { target, notes, omittedImages: 0, droppedThinking: 0, droppedRedacted: 0 };
  const out: OpenAIMessage[] = [];
  if (system !== undefined && system !== null) {
    const text = textOfParts(system, 'system');
    if (text !== '') out.push({ role: 'system', content: text });
  }
  expectArray(messages, 'messages').forEach((m, i) => {
    const path = `messages[${i}]`;
    const msg = expectObj(m, path) as unknown as AnthropicMessageParam;
    if (msg.role === 'system') out.push({ role: 'system', content: textOfParts(msg.content, `${path}.content`) });
    else if (msg.role === 'user') convertUser(msg.content, path, ctx, out);
    else if (msg.role === 'assistant') {
      const converted = convertAssistant(msg.content, path, ctx);
      if (converted !== undefined) out.push(converted);
    }
    else throw invalid(`${path}.role`, 'expected "user", "assistant" or "system"');
  });
  if (ctx.omittedImages > 0) {
    notes.add('images_omitted', `${ctx.omittedImages} image(s) replaced by a placeholder: ${target.providerId} does not accept images`);
  }
  if (ctx.droppedThinking > 0) {
    notes.add('thinking_history_dropped', `${ctx.droppedThinking} earlier thinking block(s) not sent: ${target.providerId} takes no reasoning echo`);
  }
  if (ctx.droppedRedacted > 0) {
    notes.add('thinking_history_dropped', `${ctx.droppedRedacted} redacted_thinking block(s) not sent (encrypted, Anthropic only)`);
  }
  return out;
}

function blocksOf(content: unknown, path: string): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return expectArray(content, path).map((b, j) => expectObj(b, `${path}[${j}]`) as unknown as AnthropicContentBlockParam);
}

function imagePart(block: AnthropicImageBlock, path: string, ctx: Ctx): OpenAIUserContentPart {
  if (ctx.target.capabilities.vision) return anthropicImageToOpenAI(block, path);
  ctx.omittedImages++;
  return { type: 'text', text: imagePlaceholder(ctx.target.providerId) };
}

function documentText(block: AnthropicDocumentBlock, path: string, ctx: Ctx): OpenAIUserContentPart[] {
  const source = expectObj(block.source, `${path}.source`);
  const title = typeof block.title === 'string' && block.title !== '' ? `${block.title}\n\n` : '';
  if (source.type === 'text') return [{ type: 'text', text: title + expectString(source.data, `${path}.source.data`) }];
  if (source.type === 'content') {
    if (typeof source.content === 'string') return [{ type: 'text', text: title + source.content }];
    const parts: OpenAIUserContentPart[] = title === '' ? [] : [{ type: 'text', text: title.trimEnd() }];
    expectArray(source.content, `${path}.source.content`).forEach((b, k) => {
      const inner = expectObj(b, `${path}.source.content[${k}]`);
      if (inner.type === 'text') parts.push({ type: 'text', text: expectString(inner.text, `${path}.source.content[${k}].text`) });
      else if (inner.type === 'image') parts.push(imagePart(inner as unknown as AnthropicImageBlock, `${path}.source.content[${k}]`, ctx));
      else throw unsupported(`${path}.source.content[${k}].type`, `"${String(inner.type)}" in a document`);
    });
    return parts;
  }
  throw unsupported(`${path}.source.type`, `document source "${String(source.type)}" (PDF/file) cannot be sent to an OpenAI-protocol provider`);
}

function convertUser(content: unknown, path: string, ctx: Ctx, out: OpenAIMessage[]): void {
  const cpath = `${path}.content`;
  const tools: OpenAIToolMessage[] = [];
  const toolImages: OpenAIUserContentPart[] = [];
  const parts: OpenAIUserContentPart[] = [];
  blocksOf(content, cpath).forEach((block, j) => {
    const bpath = `${cpath}[${j}]`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: expectString(block.text, `${bpath}.text`) });
        break;
      case 'image':
        parts.push(imagePart(block, bpath, ctx));
        break;
      case 'document':
        parts.push(...documentText(block, bpath, ctx));
        break;
      case 'search_result':
        parts.push({ type: 'text', text: searchResultText(block.title, block.source, block.content, bpath) });
        break;
      case 'tool_result':
        tools.push(convertToolResult(block, bpath, ctx, toolImages));
        break;
      case 'thinking':
      case 'redacted_thinking':
      case 'tool_use':
      case 'server_tool_use':
      case 'web_search_tool_result':
        throw invalid(`${bpath}.type`, `"${block.type}" is not allowed in a user message`);
      default:
        throw unsupported(`${bpath}.type`, `content block "${String((block as { type?: unknown }).type)}"`);
    }
  });
  out.push(...tools);
  const all = [...toolImages, ...parts];
  if (all.length === 0) return;
  const only = all[0];
  out.push({ role: 'user', content: all.length === 1 && only?.type === 'text' ? only.text : all });
}

function searchResultText(title: unknown, source: unknown, content: unknown, path: string): string {
  const body = textOfParts(content, `${path}.content`);
  return `${expectString(title, `${path}.title`)} (${expectString(source, `${path}.source`)})\n\n${body}`;
}

function convertToolResult(block: AnthropicToolResultBlock, path: string, ctx: Ctx, toolImages: OpenAIUserContentPart[]): OpenAIToolMessage {
  const id = expectString(block.tool_use_id, `${path}.tool_use_id`);
  const texts: string[] = [];
  const images: OpenAIUserContentPart[] = [];
  const content = block.content;
  if (typeof content === 'string') texts.push(content);
  else if (content !== undefined && content !== null) {
    expectArray(content, `${path}.content`).forEach((b, k) => {
      const ipath = `${path}.content[${k}]`;
      const inner = expectObj(b, ipath) as unknown as AnthropicToolResultContent;
      switch (inner.type) {
        case 'text':
          texts.push(expectString(inner.text, `${ipath}.text`));
          break;
        case 'image':
          if (ctx.target.capabilities.vision) {
            images.push(anthropicImageToOpenAI(inner, ipath));
          } else {
            texts.push(imagePlaceholder(ctx.target.providerId));
            ctx.omittedImages++;
          }
          break;
        case 'document':
          for (const part of documentText(inner, ipath, ctx)) {
            if (part.type === 'text') texts.push(part.text);
            else images.push(part);
          }
          break;
        case 'search_result':
          texts.push(searchResultText(inner.title, inner.source, inner.content, ipath));
          break;
        case 'tool_reference':
          texts.push(`[tool loaded: ${expectString(inner.tool_name, `${ipath}.tool_name`)}]`);
          break;
        default:
          throw unsupported(`${ipath}.type`, `"${String((inner as { type?: unknown }).type)}" in a tool_result`);
      }
    });
  }
  if (images.length > 0) {
    texts.push(`[${images.length} image(s) attached in the next user message]`);
    toolImages.push({ type: 'text', text: `Images returned by tool call ${id}:` }, ...images);
  }
  let text = texts.join('\n\n');
  if (block.is_error === true) text = text === '' ? 'Error' : `Error: ${text}`;
  return { role: 'tool', tool_call_id: id, content: text };
}

/** Undefined when nothing is left to send (a turn that held only dropped thinking). */
function convertAssistant(content: unknown, path: string, ctx: Ctx): OpenAIAssistantMessage | undefined {
  const cpath = `${path}.content`;
  const texts: string[] = [];
  const reasoning: string[] = [];
  const calls: OpenAIToolCall[] = [];
  const { echoReasoning, reasoningField } = ctx.target.quirks;
  blocksOf(content, cpath).forEach((block, j) => {
    const bpath = `${cpath}[${j}]`;
    switch (block.type) {
      case 'text':
        texts.push(expectString(block.text, `${bpath}.text`));
        break;
      case 'tool_use':
        calls.push({
          id: expectString(block.id, `${bpath}.id`),
          type: 'function',
          function: { name: expectString(block.name, `${bpath}.name`), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking': {
        const thinking = expectString(block.thinking, `${bpath}.thinking`);
        if (!echoReasoning) ctx.droppedThinking++;
        else if (thinking !== '') reasoning.push(thinking);
        break;
      }
      case 'redacted_thinking':
        ctx.droppedRedacted++;
        break;
      case 'server_tool_use':
        ctx.notes.add('server_tool_history_converted', 'server_tool_use blocks dropped');
        break;
      case 'web_search_tool_result':
        texts.push(webSearchText(block.content, `${bpath}.content`));
        ctx.notes.add('server_tool_history_converted', 'web_search_tool_result blocks sent as text');
        break;
      default:
        throw invalid(`${bpath}.type`, `"${String((block as { type?: unknown }).type)}" is not allowed in an assistant message`);
    }
  });
  const text = texts.join('');
  if (text === '' && calls.length === 0 && reasoning.length === 0 && typeof content !== 'string') return undefined;
  const msg: OpenAIAssistantMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (reasoning.length > 0) msg[reasoningField] = reasoning.join('\n\n');
  if (calls.length > 0) msg.tool_calls = calls;
  return msg;
}

function webSearchText(content: unknown, path: string): string {
  if (!Array.isArray(content)) return '[web search failed]';
  const lines = content.map((r, i) => {
    const o = expectObj(r, `${path}[${i}]`);
    return `${i + 1}. ${String(o.title)} — ${String(o.url)}`;
  });
  return `[web search results]\n${lines.join('\n')}\n`;
}
