/**
 * The translation layer: pure, whole-object conversions between the Anthropic Messages API and the
 * OpenAI Chat Completions API, requests, responses and streams. No I/O, no clock, no id generation.
 */

export { anthropicToOpenAIRequest } from './anthropic-to-openai-request';
export { openAIToAnthropicRequest } from './openai-to-anthropic-request';
export { openAIToAnthropicResponse } from './openai-to-anthropic-response';
export { anthropicToOpenAIResponse } from './anthropic-to-openai-response';
export { ChatToAnthropicStream } from './chat-to-anthropic-stream';
export { AnthropicToChatStream, type OpenAIStreamError, type OpenAIStreamItem } from './anthropic-to-chat-stream';
export { sanitizeThinkingForAnthropicTarget, finalToolLoopTurnLacksThinking } from './sanitize-thinking';
export { aimuxThinkingSignature, aimuxSignatureProvider, isAimuxThinkingSignature } from './signature';
export {
  ADAPTIVE_DEFAULT_EFFORT,
  ANTHROPIC_EFFORT_TO_REASONING_EFFORT,
  BUDGET_HIGH_FROM,
  BUDGET_MEDIUM_FROM,
  DEFAULT_MAX_TOKENS,
  MIN_THINKING_BUDGET,
  REASONING_EFFORT_BUDGET,
  budgetToEffort,
} from './effort';
export { imagePlaceholder } from './images';
export type {
  RequestTranslation,
  ResponseContext,
  StreamContext,
  StreamUsage,
  TranslateTarget,
  TranslationNote,
  TranslationNoteCode,
} from './types';
