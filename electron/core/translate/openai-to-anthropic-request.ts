/**
 * OpenAI Chat Completions request → Anthropic Messages request (OpenAI client, Anthropic-protocol provider).
 *
 * | OpenAI                                   | Anthropic                                                  |
 * | ---------------------------------------- | ---------------------------------------------------------- |
 * | model                                    | target.model                                               |
 * | messages                                 | system + messages (see openai-messages-to-anthropic.ts)    |
 * | max_completion_tokens ?? max_tokens      | max_tokens; missing → DEFAULT_MAX_TOKENS (+ budget with thinking), note `max_tokens_defaulted` |
 * | temperature (0..1), top_p                | same; temperature > 1 → TRANSLATION_UNSUPPORTED (Anthropic's range is 0..1) |
 * | stop (string or array)                   | stop_sequences                                             |
 * | user ?? safety_identifier                | metadata.user_id                                           |
 * | stream                                   | stream (stream_options is honoured by the response side)   |
 * | tools (function)                         | custom tools (`parameters` → `input_schema`, strict kept)  |
 * | tool_choice auto/required/none/{function}| {type: auto}/{type: any}/{type: none}/{type: tool, name}   |
 * | parallel_tool_calls: false               | tool_choice.disable_parallel_tool_use: true                |
 * | reasoning_effort                         | thinking {type: enabled, budget_tokens} (table + max_tokens rule in effort.ts); none → no thinking |
 * | response_format json_schema              | output_config.format {type: json_schema, schema}           |
 * | response_format text                     | nothing                                                    |
 * | response_format json_object, n > 1, logprobs, audio output, functions, web_search_options, custom tools | TRANSLATION_UNSUPPORTED |
 * | seed, penalties, logit_bias, metadata, store, service_tier, verbosity, prediction, prompt_cache_key, top_logprobs | not sent (note `param_dropped`) |
 *
 * With thinking on, Anthropic rejects forced tool use, temperature other than 1 and top_p below 0.95:
 * forced tool_choice (required / a named function) wins and thinking is dropped (note `thinking_dropped`);
 * a conflicting temperature or top_p is not sent (note `param_dropped`). Then the tool-loop rule of
 * sanitize-thinking.ts applies: an OpenAI history never carries signed thinking, so inside a tool loop
 * thinking is off for the turn (note `thinking_disabled_for_turn`).
 */

import type { AnthropicCustomTool, AnthropicMessagesRequest, AnthropicToolChoice } from '../protocol/anthropic';
import type { OpenAIChatRequest, OpenAIReasoningEffort } from '../protocol/openai';
import { expectArray, expectObj, expectPositiveInt, expectString, invalid, optionalNumber, unsupported, type Obj } from './checks';
import { DEFAULT_MAX_TOKENS, fitBudget, REASONING_EFFORT_BUDGET } from './effort';
import { openAIMessagesToAnthropic } from './openai-messages-to-anthropic';
import { finalToolLoopTurnLacksThinking } from './sanitize-thinking';
import { NoteList, type RequestTranslation, type TranslateTarget } from './types';

const DROPPED_KEYS = [
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'top_logprobs',
  'metadata',
  'store',
  'service_tier',
  'verbosity',
  'prediction',
  'prompt_cache_key',
] as const;

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

export function openAIToAnthropicRequest(req: OpenAIChatRequest, target: TranslateTarget): RequestTranslation<AnthropicMessagesRequest> {
  const raw = expectObj(req, 'body');
  const notes = new NoteList();
  rejectUnsupported(raw);

  const conversation = openAIMessagesToAnthropic(raw.messages, notes, target);
  const limitField = isSet(raw.max_completion_tokens) ? 'max_completion_tokens' : 'max_tokens';
  const clientLimit = isSet(raw[limitField]) ? expectPositiveInt(raw[limitField], limitField) : undefined;
  const body: AnthropicMessagesRequest = { model: target.model, messages: conversation.messages, max_tokens: clientLimit ?? DEFAULT_MAX_TOKENS };
  if (conversation.system.length > 0) body.system = conversation.system;

  const temperature = optionalNumber(raw.temperature, 'temperature');
  if (temperature !== undefined) {
    if (temperature < 0 || temperature > 1) throw unsupported('temperature', `${temperature} is outside Anthropic's range 0..1`);
    body.temperature = temperature;
  }
  const topP = optionalNumber(raw.top_p, 'top_p');
  if (topP !== undefined) body.top_p = topP;
  if (isSet(raw.stop)) {
    const stop = typeof raw.stop === 'string' ? [raw.stop] : expectArray(raw.stop, 'stop').map((s, i) => expectString(s, `stop[${i}]`));
    const nonEmpty = stop.filter((s) => s !== '');
    if (nonEmpty.length > 0) body.stop_sequences = nonEmpty;
  }
  const user = isSet(raw.user) ? raw.user : raw.safety_identifier;
  if (isSet(user)) body.metadata = { user_id: expectString(user, isSet(raw.user) ? 'user' : 'safety_identifier') };
  if (typeof raw.stream === 'boolean') body.stream = raw.stream;

  mapTools(raw, target, body);
  mapResponseFormat(raw.response_format, body);
  mapReasoning(raw, target, clientLimit, body, notes);
  if (clientLimit === undefined) {
    notes.add('max_tokens_defaulted', `no max_tokens/max_completion_tokens: max_tokens=${body.max_tokens}`);
  }

  const dropped = DROPPED_KEYS.filter((k) => isSet(raw[k]));
  if (dropped.length > 0) notes.add('param_dropped', `not sent to ${target.providerId}: ${dropped.join(', ')}`);
  return { body, notes: notes.toArray() };
}

function rejectUnsupported(raw: Obj): void {
  if (isSet(raw.n) && raw.n !== 1) throw unsupported('n', 'only one choice (n = 1) is supported by Anthropic');
  if (raw.logprobs === true) throw unsupported('logprobs', 'Anthropic returns no log probabilities');
  if (Array.isArray(raw.modalities) && raw.modalities.includes('audio')) throw unsupported('modalities', 'audio output');
  if (isSet(raw.audio)) throw unsupported('audio', 'audio output');
  if (isSet(raw.functions) || isSet(raw.function_call)) throw unsupported('functions', 'the deprecated functions API; use tools');
  if (isSet(raw.web_search_options)) throw unsupported('web_search_options', 'not translated');
}

function mapTools(raw: Obj, target: TranslateTarget, body: AnthropicMessagesRequest): void {
  const tools = isSet(raw.tools) ? expectArray(raw.tools, 'tools') : [];
  if (tools.length > 0) {
    if (!target.capabilities.tools) throw unsupported('tools', `${target.providerId} does not support tool calling`);
    body.tools = tools.map((t, i): AnthropicCustomTool => {
      const tool = expectObj(t, `tools[${i}]`);
      if (tool.type !== 'function') throw unsupported(`tools[${i}].type`, `"${String(tool.type)}" tools`);
      const fn = expectObj(tool.function, `tools[${i}].function`);
      const schema = isSet(fn.parameters) ? expectObj(fn.parameters, `tools[${i}].function.parameters`) : { type: 'object', properties: {} };
      const out: AnthropicCustomTool = {
        name: expectString(fn.name, `tools[${i}].function.name`),
        input_schema: schema as AnthropicCustomTool['input_schema'],
      };
      if (typeof fn.description === 'string') out.description = fn.description;
      if (typeof fn.strict === 'boolean') out.strict = fn.strict;
      return out;
    });
  }
  const choice = raw.tool_choice;
  let mapped: AnthropicToolChoice | undefined;
  if (choice === 'auto') mapped = { type: 'auto' };
  else if (choice === 'required') mapped = { type: 'any' };
  else if (choice === 'none') mapped = { type: 'none' };
  else if (isSet(choice)) {
    const c = expectObj(choice, 'tool_choice');
    if (c.type !== 'function') throw unsupported('tool_choice.type', `"${String(c.type)}"`);
    mapped = { type: 'tool', name: expectString(expectObj(c.function, 'tool_choice.function').name, 'tool_choice.function.name') };
  }
  if (raw.parallel_tool_calls === false && body.tools !== undefined) {
    if (mapped === undefined) mapped = { type: 'auto' };
    if (mapped.type !== 'none') mapped.disable_parallel_tool_use = true;
  }
  if (mapped !== undefined) body.tool_choice = mapped;
}

function mapResponseFormat(format: unknown, body: AnthropicMessagesRequest): void {
  if (!isSet(format)) return;
  const f = expectObj(format, 'response_format');
  if (f.type === 'text') return;
  if (f.type === 'json_object') throw unsupported('response_format.type', '"json_object" has no Anthropic equivalent; use json_schema');
  if (f.type !== 'json_schema') throw invalid('response_format.type', 'expected "text", "json_object" or "json_schema"');
  const js = expectObj(f.json_schema, 'response_format.json_schema');
  body.output_config = { format: { type: 'json_schema', schema: expectObj(js.schema, 'response_format.json_schema.schema') } };
}

export function mapReasoning(raw: Obj, target: TranslateTarget, clientLimit: number | undefined, body: AnthropicMessagesRequest, notes: NoteList): void {
  const effort = raw.reasoning_effort;
  if (!isSet(effort) || effort === 'none') return;
  if (typeof effort !== 'string' || !(effort in REASONING_EFFORT_BUDGET)) throw invalid('reasoning_effort', 'unknown effort');
  if (!target.capabilities.thinking) {
    notes.add('thinking_dropped', `reasoning_effort=${effort} not sent: ${target.providerId} takes no thinking`);
    return;
  }
  const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
  if (forced) {
    notes.add('thinking_dropped', `reasoning_effort=${effort} not sent: Anthropic allows no thinking with a forced tool_choice`);
    return;
  }
  const table = REASONING_EFFORT_BUDGET[effort as Exclude<OpenAIReasoningEffort, 'none'>];
  let budget: number | undefined = table;
  if (clientLimit === undefined) {
    body.max_tokens = DEFAULT_MAX_TOKENS + table;
  } else {
    budget = fitBudget(table, clientLimit);
    if (budget === undefined) {
      notes.add('thinking_dropped', `reasoning_effort=${effort} not sent: max_tokens=${clientLimit} leaves no room for a 1024-token thinking budget`);
      return;
    }
  }
  if (finalToolLoopTurnLacksThinking(body.messages)) {
    notes.add('thinking_disabled_for_turn', `reasoning_effort=${effort} not sent: inside a tool loop the history has no signed thinking`);
    if (clientLimit === undefined) body.max_tokens = DEFAULT_MAX_TOKENS;
    return;
  }
  body.thinking = { type: 'enabled', budget_tokens: budget };
  notes.add('thinking_mapped', `reasoning_effort=${effort} → thinking.budget_tokens=${budget}`);
  if (body.temperature !== undefined && body.temperature !== 1) {
    delete body.temperature;
    notes.add('param_dropped', 'temperature (Anthropic requires 1 with thinking)');
  }
  if (body.top_p !== undefined && body.top_p < 0.95) {
    delete body.top_p;
    notes.add('param_dropped', 'top_p (Anthropic requires ≥ 0.95 with thinking)');
  }
}
