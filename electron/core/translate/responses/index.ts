/**
 * The Responses API side of the translation layer: Responses requests → Chat Completions or Anthropic
 * Messages, and their streams back into Responses events. Pure: ids, time and the reasoning secret come in
 * as arguments.
 */

export { responsesToChatRequest, type ResponsesTranslation } from './to-chat-request';
export { responsesToAnthropicRequest } from './to-anthropic-request';
export { ChatToResponsesStream } from './chat-to-responses-stream';
export { AnthropicToResponsesStream } from './anthropic-to-responses-stream';
export { ResponsesWriter, responsesUsageOf, type ResponsesStreamContext } from './response-writer';
export { decodeReasoning, encodeReasoning, type StoredReasoning } from './reasoning-codec';
export { flatToolName, type DeclaredTool, type ToolLookup } from './tool-names';
