/** Renders a synthetic plan in each protocol's wire form, JSON or SSE, as the real APIs would. */
import { formatAnthropicEvent, formatOpenAIChunk, OPENAI_DONE } from '../../protocol/sse-writer';
import type { SyntheticPlan } from './plan';

const OPENAI_FINISH = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' } as const;

/** Splits text into pieces of about `size` characters, at spaces where possible. */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > i) end = space + 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

export function anthropicMessage(plan: SyntheticPlan, model: string): unknown {
  return {
    id: `msg_synthetic_${plan.digest}`,
    type: 'message',
    role: 'assistant',
    model,
    content: plan.blocks.map((b) =>
      b.type === 'thinking'
        ? { type: 'thinking', thinking: b.text, signature: `synthetic-${plan.digest}` }
        : b.type === 'text'
          ? { type: 'text', text: b.text }
          : { type: 'tool_use', id: b.id, name: b.name, input: b.input },
    ),
    stop_reason: plan.stop,
    stop_sequence: null,
    usage: { input_tokens: plan.inputTokens, output_tokens: plan.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

export function anthropicEvents(plan: SyntheticPlan, model: string): string[] {
  const out: string[] = [];
  const msg = anthropicMessage(plan, model) as Record<string, unknown>;
  out.push(
    formatAnthropicEvent({
      type: 'message_start',
      message: { ...msg, content: [], stop_reason: null, usage: { input_tokens: plan.inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
    }),
  );
  out.push(formatAnthropicEvent({ type: 'ping' }));
  plan.blocks.forEach((b, index) => {
    if (b.type === 'thinking') {
      out.push(formatAnthropicEvent({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const p of pieces(b.text, 24)) out.push(formatAnthropicEvent({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } }));
      out.push(formatAnthropicEvent({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: `synthetic-${plan.digest}` } }));
    } else if (b.type === 'text') {
      out.push(formatAnthropicEvent({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      for (const p of pieces(b.text, 24)) out.push(formatAnthropicEvent({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } }));
    } else {
      out.push(formatAnthropicEvent({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } }));
      for (const p of pieces(JSON.stringify(b.input), 10)) {
        out.push(formatAnthropicEvent({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } }));
      }
    }
    out.push(formatAnthropicEvent({ type: 'content_block_stop', index }));
  });
  out.push(formatAnthropicEvent({ type: 'message_delta', delta: { stop_reason: plan.stop, stop_sequence: null }, usage: { output_tokens: plan.outputTokens } }));
  out.push(formatAnthropicEvent({ type: 'message_stop' }));
  return out;
}

function openAIUsage(plan: SyntheticPlan) {
  return { prompt_tokens: plan.inputTokens, completion_tokens: plan.outputTokens, total_tokens: plan.inputTokens + plan.outputTokens };
}

export function openAICompletion(plan: SyntheticPlan, model: string, created: number): unknown {
  const text = plan.blocks.filter((b) => b.type === 'text').map((b) => b.text).join('');
  const reasoning = plan.blocks.find((b) => b.type === 'thinking');
  const calls = plan.blocks.flatMap((b) =>
    b.type === 'tool_use' ? [{ id: b.id.replace('toolu_', 'call_'), type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input) } }] : [],
  );
  return {
    id: `chatcmpl-synthetic-${plan.digest}`,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text.length > 0 ? text : null,
          ...(reasoning?.type === 'thinking' ? { reasoning_content: reasoning.text } : {}),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        finish_reason: OPENAI_FINISH[plan.stop],
        logprobs: null,
      },
    ],
    usage: openAIUsage(plan),
  };
}

export function openAIChunks(plan: SyntheticPlan, model: string, created: number, includeUsage: boolean): string[] {
  const base = { id: `chatcmpl-synthetic-${plan.digest}`, object: 'chat.completion.chunk', created, model };
  const chunk = (delta: unknown, finish: string | null = null) => formatOpenAIChunk({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  const out = [chunk({ role: 'assistant', content: '' })];
  let toolIndex = 0;
  for (const b of plan.blocks) {
    if (b.type === 'thinking') for (const p of pieces(b.text, 24)) out.push(chunk({ reasoning_content: p }));
    else if (b.type === 'text') for (const p of pieces(b.text, 24)) out.push(chunk({ content: p }));
    else {
      const index = toolIndex++;
      out.push(chunk({ tool_calls: [{ index, id: b.id.replace('toolu_', 'call_'), type: 'function', function: { name: b.name, arguments: '' } }] }));
      for (const p of pieces(JSON.stringify(b.input), 10)) out.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
    }
  }
  out.push(chunk({}, OPENAI_FINISH[plan.stop]));
  if (includeUsage) out.push(formatOpenAIChunk({ ...base, choices: [], usage: openAIUsage(plan) }));
  out.push(OPENAI_DONE);
  return out;
}
