/**
 * SSE serialization. `data` with newlines becomes several `data:` lines; CR/LF in the event name
 * is refused (it would inject fields). JSON payloads never contain raw newlines, so the common
 * path is one template string.
 */

export function formatSseEvent(event: string | undefined, data: string): string {
  if (event !== undefined && /[\r\n]/.test(event)) throw new Error('SSE event name contains a line break');
  const head = event === undefined ? '' : `event: ${event}\n`;
  if (!data.includes('\n') && !data.includes('\r')) return `${head}data: ${data}\n\n`;
  return `${head}${data
    .split(/\r\n|\r|\n/)
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}

/** Anthropic-style event: `event: <type>` + JSON data (the type is also inside the JSON). */
export function formatAnthropicEvent<T extends { readonly type: string }>(payload: T): string {
  return `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** OpenAI-style chunk: data only. */
export function formatOpenAIChunk(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const OPENAI_DONE = 'data: [DONE]\n\n';
