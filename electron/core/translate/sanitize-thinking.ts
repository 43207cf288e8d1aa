/**
 * Thinking history for requests going to an Anthropic-protocol provider.
 *
 * Anthropic verifies the `signature` of every thinking block sent back to it; a block it did not sign
 * fails the whole request with a 400 (and Claude Code then degrades and retries six times before giving up).
 * When a session moves between providers, its history can hold thinking blocks that aimux minted for an
 * OpenAI-protocol upstream's reasoning (signature `aimux:v1:<providerId>`, see signature.ts), or blocks with
 * no signature at all. Neither can ever verify, so:
 *
 * 1. Such thinking blocks are DROPPED (not converted to text: text in an assistant turn would read as
 *    something the model said aloud). redacted_thinking and blocks with real Anthropic signatures are kept;
 *    aimux cannot tell which Anthropic-protocol host signed a real signature, so those pass unchanged.
 *    An assistant message left empty by the drop is removed. Note: `thinking_signature_dropped`.
 * 2. With thinking on (`enabled` or `adaptive`), Anthropic requires the final assistant turn of an
 *    in-progress tool loop (the last non-system message is a user turn with tool_result blocks) to start
 *    with a thinking block. If it does not — because of step 1, or because that turn came from a provider
 *    that produced no signed thinking — `thinking` is removed from this one request (the API's own advice)
 *    and the request goes out without it. Note: `thinking_disabled_for_turn`. The next user turn starts a
 *    new loop and thinking comes back.
 *
 * The function is pure: it returns the input object itself when nothing needed to change.
 */

import type { AnthropicContentBlockParam, AnthropicMessageParam, AnthropicMessagesRequest } from '../protocol/anthropic';
import { aimuxSignatureProvider } from './signature';
import { NoteList, type RequestTranslation } from './types';

export function sanitizeThinkingForAnthropicTarget(
  req: AnthropicMessagesRequest,
  providerId: string,
): RequestTranslation<AnthropicMessagesRequest> {
  const notes = new NoteList();
  let removed = 0;
  const sources = new Set<string>();
  let changed = false;
  const messages: AnthropicMessageParam[] = [];
  for (const msg of req.messages) {
    if (msg.role !== 'assistant' || typeof msg.content === 'string') {
      messages.push(msg);
      continue;
    }
    const kept = msg.content.filter((block) => {
      if (block.type !== 'thinking') return true;
      const signature = typeof block.signature === 'string' ? block.signature : '';
      const minter = aimuxSignatureProvider(signature);
      if (minter === undefined && signature !== '') return true;
      sources.add(minter ?? 'unsigned');
      removed++;
      return false;
    });
    if (kept.length === msg.content.length) {
      messages.push(msg);
      continue;
    }
    changed = true;
    if (kept.length > 0) messages.push({ ...msg, content: kept });
  }
  let body: AnthropicMessagesRequest = changed ? { ...req, messages } : req;
  if (removed > 0) {
    notes.add(
      'thinking_signature_dropped',
      `${removed} thinking block(s) that cannot verify at ${providerId} removed (from: ${[...sources].join(', ')})`,
    );
  }
  if (thinkingOn(body) && finalToolLoopTurnLacksThinking(body.messages)) {
    const { thinking: _dropped, ...rest } = body;
    body = rest;
    notes.add('thinking_disabled_for_turn', `the final tool-loop assistant turn has no signed thinking block for ${providerId}`);
  }
  return { body, notes: notes.toArray() };
}

function thinkingOn(req: AnthropicMessagesRequest): boolean {
  return req.thinking !== undefined && req.thinking !== null && req.thinking.type !== 'disabled';
}

const isToolResult = (b: AnthropicContentBlockParam): boolean => b.type === 'tool_result';

/**
 * True when a tool loop is in progress (the last non-system message is a user turn carrying tool_result
 * blocks) and the assistant turn before it does not start with thinking or redacted_thinking.
 */
export function finalToolLoopTurnLacksThinking(messages: readonly AnthropicMessageParam[]): boolean {
  let i = messages.length - 1;
  while (i >= 0 && messages[i]?.role === 'system') i--;
  const last = messages[i];
  if (last === undefined || last.role !== 'user' || typeof last.content === 'string' || !last.content.some(isToolResult)) {
    return false;
  }
  i--;
  while (i >= 0 && messages[i]?.role === 'system') i--;
  const assistant = messages[i];
  if (assistant === undefined || assistant.role !== 'assistant') return false;
  if (typeof assistant.content === 'string') return true;
  const first = assistant.content[0];
  return first === undefined || (first.type !== 'thinking' && first.type !== 'redacted_thinking');
}
