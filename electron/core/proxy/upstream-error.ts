/**
 * An upstream's non-2xx answer → ProxyError. The status keeps its meaning for the client
 * (401/403/429/5xx are passed on); the message names the provider and quotes the upstream's own
 * message with anything key-like removed.
 */
import type { ClientProtocol, ProviderConfig } from '../config/types';
import { ProxyError, statusForErrorType } from '../errors';
import { headerValue } from '../providers/upstream';
import type { UpstreamBody, UpstreamResponse } from '../providers/upstream';
import { parseRetryAfter } from '../routing/retry-policy';
import { createRedactor } from '../security/redact';
import { speaksNatively } from './protocols';

const ERROR_BODY_LIMIT = 64 * 1024;

/** Reads at most `limit` bytes of a body and discards the rest. */
export async function readCapped(body: UpstreamBody, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    if (size < limit) chunks.push(c.subarray(0, limit - size));
    size += c.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}

/** Removes the provider's keys and anything that looks like an API key from upstream text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets, 4)(text);
}

function messageFrom(parsed: unknown): { message?: string; type?: string } {
  if (typeof parsed !== 'object' || parsed === null) return {};
  const o = parsed as Record<string, unknown>;
  const e = o.error;
  if (typeof e === 'string') return { message: e };
  if (typeof e === 'object' && e !== null) {
    const eo = e as Record<string, unknown>;
    return {
      ...(typeof eo.message === 'string' ? { message: eo.message } : {}),
      ...(typeof eo.type === 'string' ? { type: eo.type } : typeof eo.code === 'string' ? { type: eo.code } : {}),
    };
  }
  if (typeof o.message === 'string') return { message: o.message };
  if (typeof o.detail === 'string') return { message: o.detail };
  return {};
}

export async function upstreamHttpError(res: UpstreamResponse, provider: ProviderConfig, clientProtocol: ClientProtocol, nowMs: number): Promise<ProxyError> {
  let text = '';
  try {
    text = (await readCapped(res.body, ERROR_BODY_LIMIT)).toString('utf8');
  } catch {
    // The status alone still says what happened.
  }
  let info: { message?: string; type?: string } = {};
  try {
    info = messageFrom(JSON.parse(text));
  } catch {
    if (text && !/^\s*</.test(text)) info = { message: text.slice(0, 500) };
  }
  const secrets = provider.apiKeys.map((k) => k.value);
  const upstreamMessage = redactSecrets(info.message ?? (text.trim().startsWith('<') ? 'non-JSON error page' : 'no error message'), secrets);
  const status = res.status >= 300 && res.status < 400 ? 502 : res.status;
  const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after'), nowMs);
  const sameProtocol = speaksNatively(provider, clientProtocol);
  return new ProxyError('UPSTREAM_HTTP', `provider "${provider.id}" answered ${res.status}: ${upstreamMessage}`, status, {
    providerId: provider.id,
    upstreamStatus: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(sameProtocol && info.type ? { upstreamType: info.type } : {}),
  });
}

/**
 * Some hosts (OpenRouter among them) answer 200 with an error object instead of a result. That is a
 * failed attempt, not an answer: the error's type gives the status (and whether another target is tried).
 */
export function errorInSuccessBody(parsed: unknown, provider: ProviderConfig, clientProtocol: ClientProtocol): ProxyError | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  const isError = o.type === 'error' || (o.error !== undefined && o.error !== null && o.choices === undefined && o.content === undefined);
  if (!isError) return undefined;
  const info = messageFrom(parsed);
  const status = typeof (o.error as { code?: unknown } | undefined)?.code === 'number' ? ((o.error as { code: number }).code) : statusForErrorType(info.type);
  const httpStatus = status >= 400 && status < 600 ? status : 502;
  const sameProtocol = speaksNatively(provider, clientProtocol);
  return new ProxyError('UPSTREAM_HTTP', `provider "${provider.id}" answered 200 with an error: ${redactSecrets(info.message ?? 'no error message', provider.apiKeys.map((k) => k.value))}`, httpStatus, {
    providerId: provider.id,
    upstreamStatus: httpStatus,
    ...(sameProtocol && info.type ? { upstreamType: info.type } : {}),
  });
}
