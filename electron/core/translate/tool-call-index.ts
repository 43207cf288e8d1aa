/**
 * Which tool call an OpenAI streamed `tool_calls` fragment belongs to: its `index`. Some hosts omit
 * the index and send each call whole: a new id then means a new call, a known id that call, and a
 * fragment without id or index continues the latest call.
 */
import type { OpenAIToolCallDelta } from '../protocol/openai';

export function toolCallIndex(calls: ReadonlyArray<{ index: number; id: string | undefined }>, tc: OpenAIToolCallDelta): number {
  if (typeof tc.index === 'number') return tc.index;
  const last = calls[calls.length - 1];
  if (typeof tc.id !== 'string' || tc.id === '') return last?.index ?? 0;
  const known = calls.find((c) => c.id === tc.id);
  if (known !== undefined) return known.index;
  return calls.reduce((max, c) => Math.max(max, c.index + 1), 0);
}
