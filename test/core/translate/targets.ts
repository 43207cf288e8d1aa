/** Shared test targets and contexts for the translation tests. */

import type { ResponseContext, StreamContext, TranslateTarget } from '../../../electron/core/translate';

export function openAITarget(overrides: {
  providerId?: string;
  model?: string;
  tools?: boolean;
  vision?: boolean;
  thinking?: boolean;
  reasoningField?: TranslateTarget['quirks']['reasoningField'];
  echoReasoning?: boolean;
  maxTokensField?: TranslateTarget['quirks']['maxTokensField'];
} = {}): TranslateTarget {
  return {
    providerId: overrides.providerId ?? 'deepseek',
    model: overrides.model ?? 'deepseek-chat',
    capabilities: {
      tools: overrides.tools ?? true,
      vision: overrides.vision ?? true,
      thinking: overrides.thinking ?? true,
      maxContextTokens: 0,
      webSearch: false,
    },
    quirks: {
      reasoningField: overrides.reasoningField ?? 'reasoning_content',
      echoReasoning: overrides.echoReasoning ?? false,
      maxTokensField: overrides.maxTokensField ?? 'max_tokens',
      thinkTags: true,
      textToolCalls: false,
      stripSchemaKeywords: [],
      streaming: true,
    },
  };
}

export const anthropicTarget = (): TranslateTarget =>
  openAITarget({ providerId: 'anthropic', model: 'claude-sonnet-5', tools: true, vision: true, thinking: true });

export const responseCtx = (over: Partial<StreamContext> = {}): StreamContext => ({
  model: 'claude-sonnet-5',
  providerId: 'deepseek',
  id: 'msg_test1',
  created: 1_700_000_000,
  estimatedInputTokens: 42,
  ...over,
});

export type { ResponseContext };

/** Runs fn and returns what it threw (fails the test when it throws nothing). */
export function caught(fn: () => unknown): { code?: string; message: string; httpStatus?: number } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string; httpStatus?: number };
  }
  throw new Error('expected a throw');
}
