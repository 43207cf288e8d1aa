/**
 * Normalization of provider quirks: pure, stateful stream transformers (`push()` / `end()`) and whole-message
 * functions. No I/O, no clock; tool ids derive from the message id.
 */
export { AnthropicStreamNormalizer, type NormalizeOptions } from './stream-normalizer';
export { normalizeAnthropicMessage } from './message-normalizer';
export { normalizeOptionsFor, offeredTools, parsesAnthropicAnswers } from './options';
export { JsonArgsRepairer, repairJsonArguments } from './json-args';
export { TextScanner, FENCE_PROBE_CHARS, type TextSegment } from './text-scanner';
export { parseTextToolCall, type OfferedTools } from './text-tool-call';
export { stripRequestSchemas, stripSchemaKeywords } from './schema-keywords';
