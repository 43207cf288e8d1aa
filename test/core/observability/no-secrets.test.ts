/**
 * Requests sent with known fake keys (one literal in the config, one from the environment, one
 * added through the API); an upstream that echoes the key in its error; debug capture on with a
 * key in the prompt. Then every log line, every metric, every API answer, the live events and the
 * database files are searched for the keys: zero hits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createServiceLogger } from '../../../electron/core/logging/pino-logger';
import { logRequest } from '../../../electron/core/logging/request-line';
import { HISTORY_FILE } from '../../../electron/core/observability/index';
import { anthropicTextStream, json, openAICompletion, openAITextStream, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService, tempDataDir } from '../../support/service';
import { anthropicWithUsage, postMessages, readEvents } from './helpers';

const LITERAL = 'sk-ant-LEAKCANARY-literal-1234567890abcdef';
const FROM_ENV = 'sk-LEAKCANARY-fromenv-0987654321fedcba';
const ADDED = 'sk-LEAKCANARY-added-5555555555aaaaaaaa';
const KEYS = [LITERAL, FROM_ENV, ADDED];

const ups: FakeUpstream[] = [];
afterEach(async () => {
  for (const u of ups.splice(0)) await u.close();
});

it('no key appears in logs, metrics, API answers, live events or the database', async () => {
  const anth = await startFakeUpstream((req, res) => {
    const key = String(req.headers['x-api-key']);
    if (req.json?.messages?.[0]?.content === 'fail') return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key: ${key}` } });
    return req.json?.stream ? sse(res, anthropicTextStream(['hi'])) : json(res, 200, anthropicWithUsage({ input: 10, output: 2 }));
  });
  const oai = await startFakeUpstream((req, res) => (req.json?.stream ? sse(res, openAITextStream(['hi'], { usage: true })) : json(res, 200, openAICompletion(`echo ${String(req.headers.authorization)}`))));
  ups.push(anth, oai);
  const lines: string[] = [];
  const logger = createServiceLogger({ level: 'debug', pretty: false, destination: { write: (l: string) => lines.push(l) } });
  const dataDir = tempDataDir();
  const s = await startService({
    dataDir,
    logger,
    env: { OAI_KEY: FROM_ENV },
    observability: { flushMs: 50 },
    config: {
      providers: [
        { id: 'anth', protocol: 'anthropic', baseUrl: anth.url, apiKeys: [LITERAL], models: ['m'] },
        { id: 'oai', protocol: 'openai', baseUrl: `${oai.url}/v1`, apiKeys: ['env:OAI_KEY'], models: ['m'] },
      ],
      routing: { default: ['anth/m'], modelMap: [{ match: 'gpt-*', route: ['oai/m'] }] },
      observability: { captureBodies: true },
    },
  });
  logger.setSecrets(s.service.core.config().providers.flatMap((p) => p.apiKeys.map((k) => k.value)));
  s.service.core.on('request.finished', (e) => logRequest(logger, e));
  const ac = new AbortController();
  const live = readEvents(s.url, s.token, () => false, ac.signal);
  await new Promise((r) => setTimeout(r, 100));

  expect((await postMessages(s.url, 'claude-x')).status).toBe(200);
  expect((await postMessages(s.url, 'claude-x', { stream: true })).status).toBe(200);
  expect((await postMessages(s.url, 'gpt-x')).status).toBe(200);
  expect((await postMessages(s.url, 'gpt-x', { stream: true })).status).toBe(200);
  expect((await postMessages(s.url, 'claude-x', { content: `my key is ${LITERAL}, and ${FROM_ENV}` })).status).toBe(200);
  expect((await postMessages(s.url, 'claude-x', { content: 'fail' })).status).toBe(401);
  const added = await s.api.addKey({ providerId: 'oai', key: ADDED });
  expect((await postMessages(s.url, 'gpt-x')).status).toBe(200);
  await s.api.runSpeedTest({ providers: ['oai'], n: 1 });
  await s.api.removeKey({ providerId: 'oai', keyId: added.key.id });
  logger.warn(`an upstream said: bad key ${LITERAL}`);
  logger.error('failed', new Error(`Authorization: Bearer ${FROM_ENV}`));
  logger.structured('info', 'headers', { headers: { authorization: `Bearer ${FROM_ENV}`, 'x-api-key': LITERAL } });

  // Sanity: the things searched really carry what they should (so a search for nothing cannot pass).
  const page = await s.api.queryRequests({ limit: 100 });
  expect(page.total).toBe(8);
  const failed = page.entries.find((e) => e.status === 401)!;
  expect(failed.errorMessage).toContain('invalid x-api-key: [redacted]');
  expect(page.entries.find((e) => e.capture?.request?.includes('my key is'))!.capture!.request).toContain('my key is [redacted], and [redacted]');

  const answers: unknown[] = [page, await s.api.getHealth(), await s.api.getStatus(), await s.api.listKeys({}), await s.api.listProviders(), await s.api.exportConfig()];
  for (const window of ['1m', '1h', '24h', '7d', '30d'] as const) {
    for (const groupBy of ['provider', 'model', 'class', 'key'] as const) answers.push(await s.api.getMetricsSummary({ window, groupBy }));
    for (const groupBy of ['provider', 'model', 'class', 'total'] as const) answers.push(await s.api.getTimeSeries({ window, groupBy }));
  }
  for (const e of page.entries) answers.push(await s.api.getRequest({ id: e.id }));
  answers.push(await s.api.listSpeedTests({}), await s.api.queryAudit({}));
  const audit = await s.api.queryAudit({});
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['key.add', 'key.remove', 'config.change']));
  expect(audit.find((a) => a.action === 'key.add')!.detail).toContain('sk-…aaaa');
  const metrics = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.token}` } })).text();
  expect(metrics).toContain('aimux_requests_total');
  const health = await (await fetch(`${s.url}/health`)).text();
  ac.abort();
  const events = await live;
  expect(events.filter((e) => e.event === 'request')).toHaveLength(8);
  await s.close();
  const files = readdirSync(dataDir).filter((f) => f.startsWith(HISTORY_FILE));
  const db = Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))));
  expect(db.includes(Buffer.from('my key is'))).toBe(true);

  const haystacks: Record<string, string> = {
    logs: lines.join(''),
    testLogs: s.logs.join('\n'),
    api: JSON.stringify(answers),
    metrics,
    health,
    events: JSON.stringify(events),
    database: db.toString('latin1'),
  };
  expect(lines.some((l) => l.includes('"msg":"request"'))).toBe(true);
  for (const [where, text] of Object.entries(haystacks)) {
    for (const key of KEYS) expect(text.includes(key), `${where} contains ${key.slice(0, 12)}…`).toBe(false);
    // Not even a recognisable part of one.
    expect(text.includes('LEAKCANARY'), `${where} contains part of a key`).toBe(false);
  }
});
