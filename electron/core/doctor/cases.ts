/**
 * Claude-Code-shaped requests for `aimux doctor`, modeled on the recorded requests of Claude Code 2.1.330
 * (`../shared/fixtures/claude-code/`, not shipped): the same headers and top-level keys (three system blocks,
 * `metadata.user_id`, adaptive thinking, `context_management`, `output_config.effort`, `max_tokens` 128000,
 * `stream: true`), tools with Claude Code's JSON schemas (`$schema`, `additionalProperties: false`) and a
 * `role: "system"` message inside `messages`, condensed to what each capability needs. Each case says how its
 * answer is judged.
 */
import { solidPngBase64 } from './png';

type Obj = Record<string, unknown>;

export type DoctorCaseId = 'text' | 'tool' | 'parallel-tools' | 'thinking' | 'image' | 'long-context';

export interface AnswerBlock {
  type: string;
  text?: string;
  thinking?: string;
  name?: string;
  input?: unknown;
}

export interface DoctorCase {
  id: DoctorCaseId;
  /** What it shows, for the report. */
  title: string;
  body: Obj;
  /** undefined when the answer shows the capability, else what was missing. */
  judge(content: AnswerBlock[]): string | undefined;
}

export const CLAUDE_CODE_HEADERS: Readonly<Record<string, string>> = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,effort-2025-11-24',
  'anthropic-dangerous-direct-browser-access': 'true',
  'x-app': 'cli',
  'user-agent': 'claude-cli/2.1.330 (external, sdk-cli)',
  'content-type': 'application/json',
};

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';
const BASH = {
  name: 'Bash',
  description: 'Executes a bash command and returns its output.\n\n- Command output is displayed to you, not reliably to the user.\n- `timeout` is in milliseconds: default 120000, max 600000.',
  input_schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      command: { description: 'The command to execute', type: 'string' },
      timeout: { description: 'Optional timeout in milliseconds (max 600000)', type: 'number' },
      description: { description: 'Clear, concise description of what this command does in active voice.', type: 'string' },
    },
    required: ['command'],
    additionalProperties: false,
  },
};
const READ = {
  name: 'Read',
  description: 'Reads a file from the local filesystem.\n\n- `file_path` must be an absolute path.\n- Reads up to 2000 lines by default.',
  input_schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      file_path: { description: 'The absolute path to the file to read', type: 'string' },
      offset: { description: 'The line number to start reading from', type: 'integer', minimum: 0 },
      limit: { description: 'The number of lines to read', type: 'integer', exclusiveMinimum: 0 },
    },
    required: ['file_path'],
    additionalProperties: false,
  },
};

const SYSTEM = [
  { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.330.930; cc_entrypoint=sdk-cli;' },
  { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: 'ephemeral' } },
  {
    type: 'text',
    text: '\nYou are an agent working with the user toward their goals, using your own judgment along the way.\n\n# Using your tools\n - Use the dedicated tools when they fit; run independent tool calls in parallel, in one message.\n - Keep answers short and direct.\n',
    cache_control: { type: 'ephemeral' },
  },
];
const ENVIRONMENT = { role: 'system', content: '# Environment\nYou have been invoked in the following environment:\n - Primary working directory: /work/project\n - Platform: linux\n - Shell: bash' };

function request(prompt: Obj[] | string, extra: Obj = {}): Obj {
  return {
    model: 'PLACEHOLDER',
    messages: [{ role: 'user', content: typeof prompt === 'string' ? [{ type: 'text', text: prompt }] : prompt }, ENVIRONMENT],
    system: SYSTEM,
    tools: [BASH, READ],
    metadata: { user_id: JSON.stringify({ device_id: 'aimux-doctor', account_uuid: '', session_id: '00000000-0000-4000-8000-000000000000' }) },
    max_tokens: 128000,
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'medium' },
    stream: true,
    ...extra,
  };
}

const texts = (c: AnswerBlock[]) => c.filter((b) => b.type === 'text').map((b) => b.text ?? '').join('');
const tools = (c: AnswerBlock[]) => c.filter((b) => b.type === 'tool_use');
const NEEDLE = '48172';

/** Filler text of about `tokens` tokens with one fact in the middle. */
function longDocument(tokens: number): string {
  const line = (i: number) => `Line ${i}: the build log repeats routine status messages, nothing of note happens here.\n`;
  const lines: string[] = [];
  const count = Math.max(10, Math.round(tokens / 22));
  for (let i = 0; i < count; i++) lines.push(i === Math.floor(count / 2) ? `Line ${i}: NOTE the deployment code is ${NEEDLE}.\n` : line(i));
  return lines.join('');
}

export function doctorCases(opts: { longContextTokens: number }): DoctorCase[] {
  return [
    {
      id: 'text',
      title: 'plain text answer',
      body: request('Reply with exactly the words: aimux doctor ok'),
      judge: (c) => (/aimux doctor ok/i.test(texts(c)) ? undefined : `no matching text (got ${JSON.stringify(texts(c).slice(0, 80))})`),
    },
    {
      id: 'tool',
      title: 'tool call (Bash)',
      body: request('Run `echo hi` with the Bash tool. Do not answer in text.'),
      judge: (c) => {
        const t = tools(c)[0];
        if (!t) return 'no tool_use block';
        const input = t.input as Obj | undefined;
        return t.name === 'Bash' && typeof input?.command === 'string' ? undefined : `unexpected call ${t.name}(${JSON.stringify(input)})`;
      },
    },
    {
      id: 'parallel-tools',
      title: 'parallel tool calls',
      body: request('Read the two files /work/project/a.txt and /work/project/b.txt with the Read tool, both calls at once in one message.'),
      judge: (c) => (tools(c).length >= 2 ? undefined : `${tools(c).length} tool_use block(s), expected 2`),
    },
    {
      id: 'thinking',
      title: 'thinking blocks',
      body: request('Think step by step: what is 17 * 23? Then answer with the number only.', { output_config: { effort: 'high' } }),
      judge: (c) => (c.some((b) => (b.type === 'thinking' && (b.thinking ?? '') !== '') || b.type === 'redacted_thinking') ? undefined : 'no thinking block'),
    },
    {
      id: 'image',
      title: 'image input',
      body: request([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: solidPngBase64(64, 64, [220, 20, 20]) } },
        { type: 'text', text: 'What single color fills this image? Answer with one word.' },
      ]),
      judge: (c) => (/\bred\b/i.test(texts(c)) ? undefined : `did not see red (got ${JSON.stringify(texts(c).slice(0, 80))})`),
    },
    {
      id: 'long-context',
      title: `long context (~${Math.round(opts.longContextTokens / 1000)}k tokens)`,
      body: request(`${longDocument(opts.longContextTokens)}\nWhat is the deployment code in the log above? Answer with the number only.`),
      judge: (c) => (texts(c).includes(NEEDLE) ? undefined : `did not find the code (got ${JSON.stringify(texts(c).slice(0, 80))})`),
    },
  ];
}
