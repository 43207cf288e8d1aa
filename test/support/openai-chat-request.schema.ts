/**
 * A strict JSON Schema of an OpenAI Chat Completions request body, written from OpenAI's API reference
 * (no vendor extensions: no `reasoning_content`, no `top_k`). Every protocol object has
 * `additionalProperties: false`, so a stray or misspelt field fails. The two exceptions are user data
 * that OpenAI itself accepts free-form: a function's `parameters` (a JSON Schema; only `type: "object"` is
 * required) and `response_format.json_schema.schema`. Compile with `new Ajv({ strict: true, discriminator: true })`.
 */

const str = { type: 'string' } as const;
const nonEmptyStr = { type: 'string', minLength: 1 } as const;
const bool = { type: 'boolean' } as const;
const posInt = { type: 'integer', minimum: 1 } as const;
const orNull = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

const textPart = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'text' }, text: str },
} as const;

const imagePart = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'image_url'],
  properties: {
    type: { const: 'image_url' },
    image_url: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^(https?://\\S+|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*)$' },
        detail: { enum: ['auto', 'low', 'high'] },
      },
    },
  },
} as const;

const audioPart = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'input_audio'],
  properties: {
    type: { const: 'input_audio' },
    input_audio: {
      type: 'object',
      additionalProperties: false,
      required: ['data', 'format'],
      properties: { data: str, format: { enum: ['wav', 'mp3'] } },
    },
  },
} as const;

const filePart = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'file'],
  properties: {
    type: { const: 'file' },
    file: { type: 'object', additionalProperties: false, properties: { file_data: str, file_id: str, filename: str } },
  },
} as const;

const refusalPart = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'refusal'],
  properties: { type: { const: 'refusal' }, refusal: str },
} as const;

const textContent = { anyOf: [str, { type: 'array', minItems: 1, items: textPart }] } as const;

const toolCall = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'function'],
  properties: {
    id: nonEmptyStr,
    type: { const: 'function' },
    function: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'arguments'],
      properties: { name: nonEmptyStr, arguments: str },
    },
  },
} as const;

const message = {
  type: 'object',
  required: ['role'],
  properties: { role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] } },
  discriminator: { propertyName: 'role' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'content'],
      properties: { role: { const: 'system' }, content: textContent, name: str },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'content'],
      properties: { role: { const: 'developer' }, content: textContent, name: str },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'content'],
      properties: {
        role: { const: 'user' },
        content: { anyOf: [str, { type: 'array', minItems: 1, items: { anyOf: [textPart, imagePart, audioPart, filePart] } }] },
        name: str,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['role'],
      properties: {
        role: { const: 'assistant' },
        content: { anyOf: [str, { type: 'null' }, { type: 'array', items: { anyOf: [textPart, refusalPart] } }] },
        refusal: orNull(str),
        name: str,
        tool_calls: { type: 'array', minItems: 1, items: toolCall },
      },
      // OpenAI: content is required unless tool_calls is given.
      anyOf: [
        { required: ['content'], properties: { content: true } },
        { required: ['tool_calls'], properties: { tool_calls: true } },
      ],
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['role', 'tool_call_id', 'content'],
      properties: { role: { const: 'tool' }, tool_call_id: nonEmptyStr, content: textContent },
    },
  ],
} as const;

const tool = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'function'],
  properties: {
    type: { const: 'function' },
    function: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
        description: str,
        // A JSON Schema: free-form user data.
        parameters: { type: 'object', required: ['type'], properties: { type: { const: 'object' } } },
        strict: orNull(bool),
      },
    },
  },
} as const;

const toolChoice = {
  anyOf: [
    { enum: ['none', 'auto', 'required'] },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'function'],
      properties: {
        type: { const: 'function' },
        function: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: nonEmptyStr } },
      },
    },
  ],
} as const;

const responseFormat = {
  anyOf: [
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { enum: ['text', 'json_object'] } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'json_schema'],
      properties: {
        type: { const: 'json_schema' },
        json_schema: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
            description: str,
            // A JSON Schema: free-form user data.
            schema: { type: 'object' },
            strict: orNull(bool),
          },
        },
      },
    },
  ],
} as const;

export const openAIChatRequestSchema = {
  $id: 'https://aimux.local/schemas/openai-chat-request.json',
  type: 'object',
  additionalProperties: false,
  required: ['model', 'messages'],
  properties: {
    model: nonEmptyStr,
    messages: { type: 'array', minItems: 1, items: message },
    max_tokens: orNull(posInt),
    max_completion_tokens: orNull(posInt),
    temperature: orNull({ type: 'number', minimum: 0, maximum: 2 }),
    top_p: orNull({ type: 'number', minimum: 0, maximum: 1 }),
    n: orNull(posInt),
    stop: { anyOf: [str, { type: 'null' }, { type: 'array', maxItems: 4, items: str }] },
    stream: orNull(bool),
    stream_options: orNull({
      type: 'object',
      additionalProperties: false,
      properties: { include_usage: bool, include_obfuscation: bool },
    }),
    tools: { type: 'array', items: tool },
    tool_choice: toolChoice,
    parallel_tool_calls: bool,
    user: str,
    safety_identifier: str,
    prompt_cache_key: str,
    reasoning_effort: orNull({ enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] }),
    response_format: responseFormat,
    seed: orNull({ type: 'integer' }),
    frequency_penalty: orNull({ type: 'number', minimum: -2, maximum: 2 }),
    presence_penalty: orNull({ type: 'number', minimum: -2, maximum: 2 }),
    logprobs: orNull(bool),
    top_logprobs: orNull({ type: 'integer', minimum: 0, maximum: 20 }),
    store: orNull(bool),
    service_tier: orNull({ enum: ['auto', 'default', 'flex', 'scale', 'priority'] }),
    verbosity: orNull({ enum: ['low', 'medium', 'high'] }),
  },
} as const;
