/**
 * `aimux doctor <provider>`: replays Claude-Code-shaped requests (cases.ts) against one configured provider
 * through the real proxy path — an in-process core built from the user's config, requests to it over loopback
 * HTTP with Claude Code's headers, `model: "<provider>/<model>"` — and reports which capabilities work.
 *
 * The provider is probed with every capability flag on (so nothing is skipped or dropped on the way), then the
 * report says what its flags should be: `tools` (the tool case), `vision` (image), `thinking` (thinking).
 * Parallel tool calls, plain text and long context are reported only.
 */
import type { AimuxConfig, ProviderCapabilities } from '../config/types';
import { ProxyError } from '../errors';
import { createCore } from '../index';
import { CLAUDE_CODE_HEADERS, doctorCases, type DoctorCaseId } from './cases';
import { readAnthropicAnswer } from './read-answer';

export interface DoctorOptions {
  config: AimuxConfig;
  providerId: string;
  /** Default: the provider's first model. */
  model?: string;
  only?: DoctorCaseId[];
  longContextTokens?: number;
  /** Per request. */
  timeoutMs?: number;
  now?: () => number;
}

export interface CaseResult {
  id: DoctorCaseId;
  title: string;
  ok: boolean;
  /** Why it failed, or what aimux changed on the way (notes, clamp). */
  detail: string;
  status: number;
  ms: number;
}

export type CapabilityFlags = Partial<Pick<ProviderCapabilities, 'tools' | 'vision' | 'thinking'>>;

export interface DoctorReport {
  providerId: string;
  model: string;
  results: CaseResult[];
  /** What the results say the flags should be (only for cases that ran). */
  capabilities: CapabilityFlags;
  /** The flags as configured now. */
  configured: ProviderCapabilities;
}

const FLAG_OF: Partial<Record<DoctorCaseId, keyof CapabilityFlags>> = { tool: 'tools', image: 'vision', thinking: 'thinking' };

export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const now = opts.now ?? Date.now;
  const provider = opts.config.providers.find((p) => p.id === opts.providerId);
  if (!provider) {
    const ids = opts.config.providers.map((p) => p.id).join(', ') || 'none';
    throw new ProxyError('UNKNOWN_PROVIDER', `no provider "${opts.providerId}" in ${opts.config.source} (configured: ${ids})`, 404);
  }
  const model = opts.model ?? provider.models[0];
  if (model === undefined) throw new ProxyError('UNKNOWN_MODEL', `provider "${provider.id}" lists no models: name one with --model`, 404);
  const probing = { ...provider, enabled: true, capabilities: { ...provider.capabilities, tools: true, vision: true, thinking: true, maxContextTokens: 0 } };
  const config: AimuxConfig = { ...opts.config, providers: opts.config.providers.map((p) => (p.id === provider.id ? probing : p)) };
  const core = createCore({ config });
  const url = await core.listen('127.0.0.1', 0);
  const results: CaseResult[] = [];
  try {
    for (const c of doctorCases({ longContextTokens: opts.longContextTokens ?? 100_000 })) {
      if (opts.only && !opts.only.includes(c.id)) continue;
      const started = now();
      const result = { id: c.id, title: c.title, ok: false, detail: '', status: 0, ms: 0 };
      try {
        const res = await fetch(`${url}/v1/messages?beta=true`, {
          method: 'POST',
          headers: { ...CLAUDE_CODE_HEADERS, 'x-claude-code-session-id': `aimux-doctor-${c.id}` },
          body: JSON.stringify({ ...c.body, model: `${provider.id}/${model}` }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000),
        });
        result.status = res.status;
        const text = await res.text();
        const changed = [res.headers.get('x-aimux-notes'), res.headers.get('x-aimux-max-tokens')].filter(Boolean).join('; ');
        if (res.status !== 200) {
          result.detail = `HTTP ${res.status}: ${errorMessage(text)}`;
        } else {
          const answer = readAnthropicAnswer(text, res.headers.get('content-type') ?? '');
          const problem = answer.error ?? c.judge(answer.content);
          result.ok = problem === undefined;
          result.detail = problem ?? (changed ? `ok (${changed})` : 'ok');
        }
      } catch (err) {
        result.detail = err instanceof Error ? err.message : String(err);
      }
      result.ms = now() - started;
      results.push(result);
    }
  } finally {
    await core.close(1000);
  }
  const capabilities: CapabilityFlags = {};
  for (const r of results) {
    const flag = FLAG_OF[r.id];
    if (flag) capabilities[flag] = r.ok;
  }
  return { providerId: provider.id, model, results, capabilities, configured: provider.capabilities };
}

function errorMessage(text: string): string {
  try {
    const o = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof o.error?.message === 'string') return o.error.message.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}
