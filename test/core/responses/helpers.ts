/**
 * Shared pieces of the Responses API tests: the recorded Codex requests, checks of what a Responses
 * client receives (the event grammar, read raw), and strict checks of what reaches each upstream.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { FIXTURES_DIR } from '../../support/fixtures';
import { anthropicConversationProblems, anthropicMessagesRequestSchema } from '../../support/anthropic-messages-request.schema';
import { openAIChatRequestSchema } from '../../support/openai-chat-request.schema';
import type { RawSseEvent } from '../translation-e2e/helpers';

export const CODEX_DIR = join(FIXTURES_DIR, 'codex', 'v0.169.0');

export interface CodexFixture {
  name: string;
  headers: Record<string, string>;
  body: Record<string, any>;
}

export function codexRequests(): CodexFixture[] {
  return readdirSync(CODEX_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const j = JSON.parse(readFileSync(join(CODEX_DIR, f), 'utf8'));
      return { name: f, headers: j.headers, body: j.body };
    });
}

const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
const validateChat = ajv.compile(openAIChatRequestSchema);
const validateAnthropic = ajv.compile(anthropicMessagesRequestSchema);

/** A Chat request as a strict reader sees it: schema, flat tool names, tool messages right after their call. */
export function checkChatRequest(sent: unknown): void {
  const body: any = sent;
  if (!validateChat(sent)) throw new Error(ajv.errorsText(validateChat.errors, { separator: '\n' }));
  const problems: string[] = [];
  for (const t of body.tools ?? []) if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.function.name)) problems.push(`tool name ${t.function.name}`);
  if (body.tools === undefined && (body.tool_choice !== undefined || body.parallel_tool_calls !== undefined)) problems.push('tool_choice/parallel_tool_calls without tools');
  let open = new Set<string>();
  body.messages.forEach((m: any, i: number) => {
    if (m.role === 'tool') {
      if (!open.has(m.tool_call_id)) problems.push(`messages[${i}]: tool message ${m.tool_call_id} does not follow its call`);
      open.delete(m.tool_call_id);
      return;
    }
    if (open.size > 0) problems.push(`messages[${i}]: calls ${[...open].join(', ')} have no tool message before this ${m.role} message`);
    open = new Set((m.tool_calls ?? []).map((c: any) => c.id));
  });
  expect(problems).toEqual([]);
}

export function checkAnthropicRequest(sent: unknown): void {
  const body: any = sent;
  if (!validateAnthropic(sent)) throw new Error(ajv.errorsText(validateAnthropic.errors, { separator: '\n' }));
  expect(anthropicConversationProblems(body)).toEqual([]);
  if (body.tools === undefined) expect(body.tool_choice).toBeUndefined();
}

/**
 * The Responses event grammar as Codex needs it: only `response.*` events, `response.created` first,
 * sequence numbers 0, 1, 2, …, every added item done, one final event last whose response repeats exactly
 * the items sent with `response.output_item.done`. Returns the final event's response.
 */
export function checkResponsesStream(events: RawSseEvent[]): any {
  const evs = events.filter((e) => e.event !== ':');
  expect(evs.length).toBeGreaterThan(2);
  expect(evs[0]!.data.type).toBe('response.created');
  const done: any[] = [];
  const added = new Map<number, string>();
  evs.forEach((e, i) => {
    const d = e.data;
    expect(typeof d.type === 'string' && d.type.startsWith('response.'), `event ${i}: ${d.type}`).toBe(true);
    expect(e.event).toBe(d.type);
    expect(d.sequence_number).toBe(i);
    if (d.type === 'response.output_item.added') added.set(d.output_index, d.item.id);
    if (d.type === 'response.output_item.done') {
      expect(added.get(d.output_index)).toBe(d.item.id);
      expect(d.output_index).toBe(done.length);
      done.push(d.item);
    }
  });
  const last = evs[evs.length - 1]!.data;
  expect(['response.completed', 'response.incomplete', 'response.failed']).toContain(last.type);
  expect(evs.filter((e) => ['response.completed', 'response.incomplete', 'response.failed'].includes(e.data.type))).toHaveLength(1);
  expect(last.response.id).toMatch(/^resp_/);
  if (last.type !== 'response.failed') {
    expect(added.size).toBe(done.length);
    expect(last.response.output).toEqual(done);
  } else {
    expect(last.response.output).toEqual(done);
    expect(last.response.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  }
  return last.response;
}
