// Regenerates docs/translation.md from the module comments of electron/core/translate/.
// `node scripts/docs-translation.mjs --check` exits 1 when the file is out of date (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';

const PARTS = [
  ['Anthropic request → OpenAI request', 'anthropic-to-openai-request.ts'],
  ['Anthropic messages → OpenAI messages', 'anthropic-messages-to-openai.ts'],
  ['OpenAI request → Anthropic request', 'openai-to-anthropic-request.ts'],
  ['OpenAI messages → Anthropic messages', 'openai-messages-to-anthropic.ts'],
  ['Thinking ↔ reasoning effort', 'effort.ts'],
  ['Stop reasons', 'stop-reason.ts'],
  ['Usage', 'usage.ts'],
  ['Images', 'images.ts'],
  ['OpenAI response → Anthropic response', 'openai-to-anthropic-response.ts'],
  ['Anthropic response → OpenAI response', 'anthropic-to-openai-response.ts'],
  ['OpenAI stream → Anthropic stream', 'chat-to-anthropic-stream.ts'],
  ['Anthropic stream → OpenAI stream', 'anthropic-to-chat-stream.ts'],
  ['Thinking history across providers', 'sanitize-thinking.ts'],
  ['Signatures aimux mints', 'signature.ts'],
  ['Responses request: fields both targets share', 'responses/request-common.ts'],
  ['Responses input → conversation', 'responses/conversation.ts'],
  ['Responses tools', 'responses/tools.ts'],
  ['Responses tool names', 'responses/tool-names.ts'],
  ['Responses request → Chat Completions request', 'responses/to-chat-request.ts'],
  ['Responses request → Anthropic request', 'responses/to-anthropic-request.ts'],
  ['Responses stream events (both directions)', 'responses/response-writer.ts'],
  ['Chat Completions stream → Responses stream', 'responses/chat-to-responses-stream.ts'],
  ['Anthropic stream → Responses stream', 'responses/anthropic-to-responses-stream.ts'],
  ['Custom tool input, decoded live', 'responses/json-string-reader.ts'],
  ['Reasoning items aimux mints', 'responses/reasoning-codec.ts'],
  ['Normalization of provider quirks: which rules apply', 'normalize/options.ts'],
  ['Normalizing an answer stream', 'normalize/stream-normalizer.ts'],
  ['Think tags and written tool calls in text', 'normalize/text-scanner.ts'],
  ['Written tool calls', 'normalize/text-tool-call.ts'],
  ['Tool-argument repair', 'normalize/json-args.ts'],
  ['Normalizing a whole message', 'normalize/message-normalizer.ts'],
  ['JSON-schema keywords a provider rejects', 'normalize/schema-keywords.ts'],
];

const root = new URL('..', import.meta.url);
function header(file) {
  const src = readFileSync(new URL(`electron/core/translate/${file}`, root), 'utf8');
  const m = /^\/\*\*\n([\s\S]*?)\n \*\//.exec(src);
  if (!m) throw new Error(`${file}: no leading doc comment`);
  return m[1].split('\n').map((l) => l.replace(/^ \* ?/, '').replace(/^ \*$/, '')).join('\n');
}

const out = [
  '# Translation between the Anthropic Messages API, OpenAI Chat Completions and the OpenAI Responses API, and normalization of provider quirks',
  '',
  'aimux translates whenever the client and the provider speak different protocols. The translators are',
  'pure functions in `electron/core/translate/` (Responses clients: `translate/responses/`); this page is generated from their module comments',
  '(`node scripts/docs-translation.mjs`), so it says exactly what the code does.',
  '',
  'Whatever a translation drops, maps or defaults is reported in the `x-aimux-notes` response header',
  '(`thinking_dropped`, `thinking_mapped`, `thinking_history_dropped`, `thinking_signature_dropped`,',
  '`thinking_disabled_for_turn`, `images_omitted`, `max_tokens_defaulted`, `param_dropped`,',
  '`system_message_converted`, `server_tool_history_converted`, `schema_keywords_stripped`, and for Responses clients `tools_omitted`,',
  '`text_format_mapped`). A feature with no equivalent on the other',
  'side is a 400 naming the field (`TRANSLATION_UNSUPPORTED`); the router then tries the next target.',
  '',
];
for (const [title, file] of PARTS) out.push(`## ${title}`, '', `<sub>from \`electron/core/translate/${file}\`</sub>`, '', header(file), '');
const text = out.join('\n');
const target = new URL('docs/translation.md', root);
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('docs/translation.md is out of date: run node scripts/docs-translation.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
