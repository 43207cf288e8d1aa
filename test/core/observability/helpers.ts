/** Shared by the observability tests: a manual clock, requests through the proxy, reading SSE. */
import { SseParser } from '../../../electron/core/protocol/sse-parser';
import { anthropicMessage } from '../../support/fake-upstream';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
  set(t: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => void (t += ms),
    set: (v) => void (t = v),
  };
}

export async function postMessages(url: string, model: string, opts: { stream?: boolean; body?: string; headers?: Record<string, string>; content?: string } = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...opts.headers },
    body: opts.body ?? JSON.stringify({ model, max_tokens: 64, stream: opts.stream === true, messages: [{ role: 'user', content: opts.content ?? 'hello' }] }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** An Anthropic message with the given usage (cache reads and writes included). */
export function anthropicWithUsage(usage: { input: number; output: number; cacheRead?: number; cacheWrite?: number }) {
  return {
    ...anthropicMessage('ok'),
    usage: { input_tokens: usage.input, output_tokens: usage.output, cache_read_input_tokens: usage.cacheRead ?? 0, cache_creation_input_tokens: usage.cacheWrite ?? 0 },
  };
}

/** Reads a server-sent event stream until `until` says stop (or the signal aborts); returns the events. */
export async function readEvents(
  url: string,
  token: string,
  until: (events: Array<{ event: string; data: any; at: number }>) => boolean,
  signal: AbortSignal,
): Promise<Array<{ event: string; data: any; at: number }>> {
  const events: Array<{ event: string; data: any; at: number }> = [];
  const res = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal });
  const reader = res.body!.getReader();
  const parser = new SseParser();
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const ev of parser.push(value)) if (ev.event) events.push({ event: ev.event, data: JSON.parse(ev.data), at: performance.now() });
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}
