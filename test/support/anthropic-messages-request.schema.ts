/**
 * A strict JSON Schema of an Anthropic Messages request body, written from Anthropic's API reference
 * (only what aimux sends: no server tools, no documents, no cache_control, no beta fields). Every protocol
 * object has `additionalProperties: false`, so a stray or misspelt field fails. The exceptions are user
 * data Anthropic itself takes free-form: a tool's `input_schema` (only `type: "object"` required), a
 * tool_use `input`, `output_config.format.schema`. Compile with `new Ajv({ strict: true, discriminator: true })`.
 * `anthropicConversationProblems` adds the ordering rules a schema cannot say.
 */

const str = { type: 'string' } as const;
const nonEmptyStr = { type: 'string', minLength: 1 } as const;
const toolName = { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' } as const;

const text = { type: 'object', additionalProperties: false, required: ['type', 'text'], properties: { type: { const: 'text' }, text: nonEmptyStr } } as const;
const image = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'source'],
  properties: {
    type: { const: 'image' },
    source: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['type', 'media_type', 'data'], properties: { type: { const: 'base64' }, media_type: { enum: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] }, data: nonEmptyStr } },
        { type: 'object', additionalProperties: false, required: ['type', 'url'], properties: { type: { const: 'url' }, url: { type: 'string', pattern: '^https?://' } } },
      ],
    },
  },
} as const;
const toolUse = { type: 'object', additionalProperties: false, required: ['type', 'id', 'name', 'input'], properties: { type: { const: 'tool_use' }, id: nonEmptyStr, name: toolName, input: { type: 'object' } } } as const;
const toolResult = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'tool_use_id'],
  properties: {
    type: { const: 'tool_result' },
    tool_use_id: nonEmptyStr,
    content: { anyOf: [str, { type: 'array', items: { type: 'object', discriminator: { propertyName: 'type' }, oneOf: [text, image] } }] },
    is_error: { type: 'boolean' },
  },
} as const;
const thinking = { type: 'object', additionalProperties: false, required: ['type', 'thinking', 'signature'], properties: { type: { const: 'thinking' }, thinking: str, signature: nonEmptyStr } } as const;
const redacted = { type: 'object', additionalProperties: false, required: ['type', 'data'], properties: { type: { const: 'redacted_thinking' }, data: nonEmptyStr } } as const;

const message = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'content'],
  properties: {
    role: { enum: ['user', 'assistant'] },
    content: {
      anyOf: [nonEmptyStr, { type: 'array', minItems: 1, items: { type: 'object', discriminator: { propertyName: 'type' }, oneOf: [text, image, toolUse, toolResult, thinking, redacted] } }],
    },
  },
} as const;

const tool = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'input_schema'],
  properties: {
    name: toolName,
    description: str,
    input_schema: { type: 'object', required: ['type'], properties: { type: { const: 'object' } } },
    strict: { type: 'boolean' },
  },
} as const;

const toolChoice = {
  type: 'object',
  discriminator: { propertyName: 'type' },
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'auto' }, disable_parallel_tool_use: { type: 'boolean' } } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'any' }, disable_parallel_tool_use: { type: 'boolean' } } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'none' } } },
    { type: 'object', additionalProperties: false, required: ['type', 'name'], properties: { type: { const: 'tool' }, name: toolName, disable_parallel_tool_use: { type: 'boolean' } } },
  ],
} as const;

export const anthropicMessagesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'messages', 'max_tokens'],
  properties: {
    model: nonEmptyStr,
    messages: { type: 'array', minItems: 1, items: message },
    system: { anyOf: [str, { type: 'array', items: text }] },
    max_tokens: { type: 'integer', minimum: 1 },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stop_sequences: { type: 'array', items: nonEmptyStr },
    stream: { type: 'boolean' },
    metadata: { type: 'object', additionalProperties: false, properties: { user_id: str } },
    tools: { type: 'array', minItems: 1, items: tool },
    tool_choice: toolChoice,
    thinking: {
      type: 'object',
      discriminator: { propertyName: 'type' },
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['type', 'budget_tokens'], properties: { type: { const: 'enabled' }, budget_tokens: { type: 'integer', minimum: 1024 } } },
        { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'disabled' } } },
        { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'adaptive' } } },
      ],
    },
    output_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        effort: { enum: ['low', 'medium', 'high', 'xhigh', 'max'] },
        format: { type: 'object', additionalProperties: false, required: ['type', 'schema'], properties: { type: { const: 'json_schema' }, schema: { type: 'object' } } },
      },
    },
  },
} as const;

interface Block {
  type: string;
  id?: string;
  tool_use_id?: string;
}

/**
 * Ordering rules: the first message is the user's; roles alternate; every tool_use is answered by a
 * tool_result in the next message, tool results open their user message, and every tool_result answers a
 * tool_use of the message before it; with thinking on, max_tokens exceeds the budget.
 */
export function anthropicConversationProblems(body: { messages: Array<{ role: string; content: string | Block[] }>; max_tokens: number; thinking?: { type: string; budget_tokens?: number } }): string[] {
  const out: string[] = [];
  const blocks = (c: string | Block[]): Block[] => (typeof c === 'string' ? [{ type: 'text' }] : c);
  body.messages.forEach((m, i) => {
    if (i === 0 && m.role !== 'user') out.push('messages[0]: not a user message');
    if (i > 0 && body.messages[i - 1]!.role === m.role) out.push(`messages[${i}]: two ${m.role} messages in a row`);
    const bs = blocks(m.content);
    if (m.role === 'user') {
      const firstOther = bs.findIndex((b) => b.type !== 'tool_result');
      if (firstOther >= 0 && bs.slice(firstOther).some((b) => b.type === 'tool_result')) out.push(`messages[${i}]: tool_result after other content`);
      const prev = i > 0 ? blocks(body.messages[i - 1]!.content) : [];
      const uses = new Set(prev.filter((b) => b.type === 'tool_use').map((b) => b.id));
      for (const b of bs) if (b.type === 'tool_result' && !uses.has(b.tool_use_id)) out.push(`messages[${i}]: tool_result ${b.tool_use_id} answers no tool_use of the message before`);
    } else {
      const next = body.messages[i + 1];
      const results = new Set(next ? blocks(next.content).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id) : []);
      for (const b of bs) if (b.type === 'tool_use' && next !== undefined && !results.has(b.id)) out.push(`messages[${i}]: tool_use ${b.id} has no tool_result next`);
    }
  });
  if (body.thinking?.type === 'enabled' && !(body.max_tokens > (body.thinking.budget_tokens ?? 0))) out.push('max_tokens must exceed thinking.budget_tokens');
  return out;
}
