import { describe, expect, it } from 'vitest';
import { ProxyError, type ProxyErrorCode } from '../../../electron/core/errors';
import { classifyFailure } from '../../../electron/core/routing/failure-classifier';

const http = (status: number) => new ProxyError('UPSTREAM_HTTP', `http ${status}`, status, { upstreamStatus: status });
const code = (c: ProxyErrorCode, status = 502) => new ProxyError(c, c, status);

describe('classifyFailure', () => {
  it.each([
    [400, 'client', false, 'none', false],
    [404, 'client', true, 'provider', false],
    [413, 'client', false, 'none', false],
    [422, 'client', false, 'none', false],
    [401, 'auth', true, 'key', false],
    [402, 'auth', true, 'key', false],
    [403, 'auth', true, 'key', false],
    [408, 'timeout', true, 'provider', true],
    [429, 'rate_limited', true, 'key', false],
    [500, 'server', true, 'provider', true],
    [502, 'server', true, 'provider', true],
    [503, 'overloaded', true, 'provider', true],
    [504, 'server', true, 'provider', true],
    [529, 'overloaded', true, 'provider', true],
  ] as const)('HTTP %i → %s (retryable %s, scope %s, breaker %s)', (status, kind, retryable, scope, countsForBreaker) => {
    expect(classifyFailure(http(status))).toEqual({ kind, retryable, scope, countsForBreaker });
  });

  it.each([
    ['UPSTREAM_CONNECT_TIMEOUT', 'timeout', true, 'provider', true],
    ['UPSTREAM_FIRST_BYTE_TIMEOUT', 'timeout', true, 'provider', true],
    ['UPSTREAM_IDLE_TIMEOUT', 'timeout', true, 'provider', true],
    ['UPSTREAM_NETWORK', 'network', true, 'provider', true],
    ['UPSTREAM_BAD_RESPONSE', 'server', true, 'provider', true],
    ['TRANSLATION_UNSUPPORTED', 'client', true, 'provider', false],
    ['CLIENT_CLOSED', 'aborted', false, 'none', false],
    ['SHUTTING_DOWN', 'aborted', false, 'none', false],
    ['BAD_REQUEST', 'client', false, 'none', false],
    ['INTERNAL', 'client', false, 'none', false],
    ['DEADLINE_EXCEEDED', 'client', false, 'none', false],
  ] as const)('%s → %s', (c, kind, retryable, scope, countsForBreaker) => {
    expect(classifyFailure(code(c))).toEqual({ kind, retryable, scope, countsForBreaker });
  });

  it('treats UPSTREAM_HTTP without a status as a server failure', () => {
    expect(classifyFailure(new ProxyError('UPSTREAM_HTTP', 'x', 502)).kind).toBe('server');
  });

  it('decides by code, not by class: a plain object with the fields works', () => {
    expect(classifyFailure({ code: 'UPSTREAM_HTTP', upstreamStatus: 429 }).kind).toBe('rate_limited');
  });
});
