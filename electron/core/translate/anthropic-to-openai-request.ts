/**
 * Anthropic Messages request → OpenAI Chat Completions request (Anthropic client, OpenAI-protocol provider).
 *
 * | Anthropic                              | OpenAI                                                     |
 * | -------------------------------------- | ---------------------------------------------------------- |
 * | model                                  | target.model                                               |
 * | system, messages                       | messages (see anthropic-messages-to-openai.ts)             |
 * | max_tokens                             | `quirks.maxTokensField` (max_tokens or max_completion_tokens) |
 * | temperature, top_p                     | same                                                       |
 * | top_k                                  | not sent (note `param_dropped`)                             |
 * | stop_sequences                         | stop                                                       |
 * | metadata.user_id                       | user                                                       |
 * | stream: true                           | stream: true + stream_options.include_usage: true          |
 * | tools (custom)                         | function tools (`input_schema` → `parameters`, strict kept); cache_control, defer_loading dropped (every listed tool is callable) |
 * | tools (server: web_search_…, bash_…)   | TRANSLATION_UNSUPPORTED (they run only at Anthropic)       |
 * | tool_choice auto/any/tool/none         | auto/required/{type:function}/none (only when tools are sent) |
 * | tool_choice.disable_parallel_tool_use  | parallel_tool_calls: false                                 |
 * | thinking                               | reasoning_effort (table in effort.ts), only when capabilities.thinking; else note `thinking_dropped` |
 * | output_config.format (json_schema)     | response_format {type: json_schema, json_schema: {name: "response", schema, strict: true}} |
 * | output_config.effort without thinking  | not sent (note `param_dropped`)                             |
 * | container, mcp_servers                 | TRANSLATION_UNSUPPORTED                                    |
 * | any other key (context_management, safeguards, service_tier, cache_control, …) | not sent (note `param_dropped`) |
 */

import type { AnthropicCustomTool, AnthropicMessagesRequest, AnthropicTool } from '../protocol/anthropic';
import type { OpenAIChatRequest, OpenAIFunctionTool, OpenAIToolChoice } from '../protocol/openai';
import { expectArray, expectObj, expectPositiveInt, expectString, invalid, isObj, optionalNumber, unsupported, type Obj } from './checks';
import { ADAPTIVE_DEFAULT_EFFORT, ANTHROPIC_EFFORT_TO_REASONING_EFFORT, budgetToEffort } from './effort';
import { anthropicMessagesToOpenAI } from './anthropic-messages-to-openai';
import { NoteList, type RequestTranslation, type TranslateTarget } from './types';

const MAPPED_KEYS = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'metadata',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
]);
const UNSUPPORTED_KEYS = new Set(['container', 'mcp_servers']);

export function isCustomTool(tool: AnthropicTool): tool is AnthropicCustomTool {
  return tool.type === undefined || tool.type === null || tool.type === 'custom';
}

export function anthropicToOpenAIRequest(
  req: AnthropicMessagesRequest,
  target: TranslateTarget,
): RequestTranslation<OpenAIChatRequest> {
  const raw = expectObj(req, 'body');
  const notes = new NoteList();
  const dropped: string[] = [];
  for (const key of Object.keys(raw)) {
    if (raw[key] === undefined || MAPPED_KEYS.has(key)) continue;
    if (UNSUPPORTED_KEYS.has(key)) throw unsupported(key, `not supported by OpenAI-protocol providers`);
    dropped.push(key);
  }

  const body: OpenAIChatRequest = {
    model: target.model,
    messages: anthropicMessagesToOpenAI(raw.system, raw.messages, target, notes),
  };
  body[target.quirks.maxTokensField] = expectPositiveInt(raw.max_tokens, 'max_tokens');

  const temperature = optionalNumber(raw.temperature, 'temperature');
  if (temperature !== undefined) body.temperature = temperature;
  const topP = optionalNumber(raw.top_p, 'top_p');
  if (topP !== undefined) body.top_p = topP;
  if (raw.top_k !== undefined && raw.top_k !== null) dropped.push('top_k');

  if (raw.stop_sequences !== undefined && raw.stop_sequences !== null) {
    const stop = expectArray(raw.stop_sequences, 'stop_sequences').map((s, i) => expectString(s, `stop_sequences[${i}]`));
    if (stop.length > 0) body.stop = stop;
  }
  if (raw.metadata !== undefined && raw.metadata !== null) {
    const userId = expectObj(raw.metadata, 'metadata').user_id;
    if (userId !== undefined && userId !== null) body.user = expectString(userId, 'metadata.user_id');
  }
  if (raw.stream === true) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  } else if (raw.stream === false) {
    body.stream = false;
  }

  mapTools(raw, target, body);
  const outputConfig = raw.output_config === undefined || raw.output_config === null ? {} : expectObj(raw.output_config, 'output_config');
  mapThinking(raw.thinking, outputConfig, target, body, notes);
  if (outputConfig.format !== undefined && outputConfig.format !== null) {
    const format = expectObj(outputConfig.format, 'output_config.format');
    if (format.type !== 'json_schema') throw unsupported('output_config.format.type', `"${String(format.type)}"`);
    const schema = expectObj(format.schema, 'output_config.format.schema');
    body.response_format = { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } };
  }

  if (dropped.length > 0) notes.add('param_dropped', `not sent to ${target.providerId}: ${dropped.join(', ')}`);
  return { body, notes: notes.toArray() };
}

function mapTools(raw: Obj, target: TranslateTarget, body: OpenAIChatRequest): void {
  const tools = raw.tools === undefined || raw.tools === null ? [] : expectArray(raw.tools, 'tools');
  if (tools.length === 0) return;
  if (!target.capabilities.tools) throw unsupported('tools', `${target.providerId} does not support tool calling`);
  body.tools = tools.map((t, i): OpenAIFunctionTool => {
    const tool = expectObj(t, `tools[${i}]`) as unknown as AnthropicTool;
    if (!isCustomTool(tool)) {
      throw unsupported(`tools[${i}]`, `server tool "${String(tool.type)}" runs only at Anthropic`);
    }
    const fn: OpenAIFunctionTool['function'] = {
      name: expectString(tool.name, `tools[${i}].name`),
      parameters: expectObj(tool.input_schema, `tools[${i}].input_schema`),
    };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });

  if (raw.tool_choice === undefined || raw.tool_choice === null) return;
  const choice = expectObj(raw.tool_choice, 'tool_choice');
  let mapped: OpenAIToolChoice;
  switch (choice.type) {
    case 'auto':
      mapped = 'auto';
      break;
    case 'any':
      mapped = 'required';
      break;
    case 'none':
      mapped = 'none';
      break;
    case 'tool':
      mapped = { type: 'function', function: { name: expectString(choice.name, 'tool_choice.name') } };
      break;
    default:
      throw invalid('tool_choice.type', 'expected "auto", "any", "tool" or "none"');
  }
  body.tool_choice = mapped;
  if (choice.disable_parallel_tool_use === true) body.parallel_tool_calls = false;
}

function mapThinking(thinking: unknown, outputConfig: Obj, target: TranslateTarget, body: OpenAIChatRequest, notes: NoteList): void {
  const effort = outputConfig.effort;
  const thinkingOn = isObj(thinking) && thinking.type !== 'disabled';
  if (!thinkingOn) {
    if (effort !== undefined && effort !== null) notes.add('param_dropped', `output_config.effort (no thinking requested)`);
    return;
  }
  if (thinking.type !== 'enabled' && thinking.type !== 'adaptive') throw invalid('thinking.type', 'expected "enabled", "adaptive" or "disabled"');
  if (!target.capabilities.thinking) {
    notes.add('thinking_dropped', `thinking (${thinking.type}) not sent: ${target.providerId} takes no reasoning_effort`);
    return;
  }
  if (thinking.type === 'enabled') {
    const budget = expectPositiveInt(thinking.budget_tokens, 'thinking.budget_tokens');
    body.reasoning_effort = budgetToEffort(budget);
    notes.add('thinking_mapped', `thinking.budget_tokens=${budget} → reasoning_effort=${body.reasoning_effort}`);
    return;
  }
  if (effort === undefined || effort === null) {
    body.reasoning_effort = ADAPTIVE_DEFAULT_EFFORT;
    notes.add('thinking_mapped', `thinking adaptive → reasoning_effort=${body.reasoning_effort}`);
    return;
  }
  if (typeof effort !== 'string' || !(effort in ANTHROPIC_EFFORT_TO_REASONING_EFFORT)) {
    throw invalid('output_config.effort', 'expected "low", "medium", "high", "xhigh" or "max"');
  }
  body.reasoning_effort = ANTHROPIC_EFFORT_TO_REASONING_EFFORT[effort as keyof typeof ANTHROPIC_EFFORT_TO_REASONING_EFFORT];
  notes.add('thinking_mapped', `thinking adaptive, output_config.effort=${effort} → reasoning_effort=${body.reasoning_effort}`);
}
