/**
 * The local estimate (what count_tokens answers when the provider cannot) against a real tokenizer:
 * @anthropic-ai/tokenizer, the tokenizer Anthropic published for Claude. It is the pre-Claude-3 vocabulary, but the
 * only Claude tokenizer there is outside the API, and Claude Code's context display and auto-compaction are meant
 * to be counted in Claude tokens. Every recorded Claude Code request, and every block type, stays within 10%.
 */
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateAnthropicInputTokens, estimateTextTokens } from '../../../electron/core/tokens/estimate';
import { imageTokens } from '../../../electron/core/tokens/image-size';
import { claudeCodeRequests } from '../../support/fixtures';
import { png } from './images';

type Obj = Record<string, any>;

// One tokenizer for the file (the package's countTokens builds a new one per call), counting as countTokens does.
const tokenizer = getTokenizer();
afterAll(() => tokenizer.free());
const countTokens = (text: string) => tokenizer.encode(text.normalize('NFKC'), 'all').length;

/** The request's content through the tokenizer: text as text, tool definitions and inputs as their JSON. Images cannot be tokenized: they count as Anthropic bills them. */
function reference(body: Obj): number {
  let n = 0;
  const content = (c: unknown) => {
    if (typeof c === 'string') n += countTokens(c);
    else if (Array.isArray(c)) c.forEach(block);
  };
  const block = (b: Obj) => {
    switch (b.type) {
      case 'text':
        n += countTokens(b.text);
        break;
      case 'thinking':
        n += countTokens(b.thinking);
        break;
      case 'tool_use':
        n += countTokens(b.name + JSON.stringify(b.input));
        break;
      case 'tool_result':
        content(b.content);
        break;
      case 'image':
        n += imageTokens(b.source);
        break;
      default:
        n += countTokens(JSON.stringify(b));
    }
  };
  content(body.system);
  for (const t of body.tools ?? []) n += countTokens(JSON.stringify(t));
  for (const m of body.messages) content(m.content);
  return n;
}

const within = (estimate: number, real: number) => Math.abs(estimate / real - 1);

describe('token estimate vs @anthropic-ai/tokenizer', () => {
  const recorded = claudeCodeRequests();

  it.each(recorded.map((r) => [r.name, r.body] as const))('%s within 10%%', (_name, body) => {
    const real = reference(body);
    const estimate = estimateAnthropicInputTokens(body);
    expect(within(estimate, real), `estimate ${estimate}, tokenizer ${real}`).toBeLessThanOrEqual(0.1);
  });

  it('a tool loop with every block type (thinking, tool_use, tool_result with text and an image) stays within 10%', () => {
    const base = recorded.find((r) => r.name.endsWith('p-tool.2-followup-tool_result.json') && r.name.startsWith('v2.1.330'))!.body;
    const readme = recorded.find((r) => r.name.endsWith('tui-main.request.json'))!.body.system.at(-1).text as string;
    const body = structuredClone(base);
    body.messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: `The user wants the file read. ${readme.slice(0, 4000)}`, signature: 'sig' },
          { type: 'text', text: 'Reading it now.' },
          { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/repo/README.md', limit: 400 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: readme.slice(0, 6000) }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png(800, 600) } }] },
        ],
      },
    );
    const real = reference(body);
    expect(within(estimateAnthropicInputTokens(body), real)).toBeLessThanOrEqual(0.1);
    // Every block type counts: removing any one lowers the estimate.
    const withoutLast = structuredClone(body);
    withoutLast.messages.at(-1).content[0].content.pop();
    expect(estimateAnthropicInputTokens(withoutLast)).toBeLessThan(estimateAnthropicInputTokens(body) - 500);
    const noThinking = structuredClone(body);
    noThinking.messages.at(-2).content.shift();
    expect(estimateAnthropicInputTokens(noThinking)).toBeLessThan(estimateAnthropicInputTokens(body) - 900);
  });

  it('text in other scripts is counted by script, within 25% on short samples', () => {
    for (const t of ['你好，世界。这是一个测试句子，用来估计中文的分词数量。我们需要知道每个字大概是多少个标记。', 'Привет, как дела? Это тестовое предложение для оценки токенов, довольно длинное.', '日本語のテキストも同じようにトークン化されます。']) {
      expect(within(estimateTextTokens(t), countTokens(t)), t).toBeLessThanOrEqual(0.25);
    }
  });
});
