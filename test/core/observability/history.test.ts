/**
 * The history database: kept across a restart, pruned by its limits and nothing else, and never in
 * the way of traffic (a corrupt file is moved aside; an unusable one leaves history in memory until
 * it works again).
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryDb, pruneLimits } from '../../../electron/core/observability/history-db';
import { createHistoryWriter } from '../../../electron/core/observability/history-writer';
import { createHistoryStorage } from '../../../electron/core/observability/history-storage';
import { HISTORY_FILE } from '../../../electron/core/observability/index';
import { createMetricsStore, DAY } from '../../../electron/core/observability/metrics-store';
import { newBucket, storeBucket } from '../../../electron/core/observability/bucket';
import { openDatabase } from '../../../electron/core/observability/sqlite';
import { enqueueRow } from '../../../electron/core/observability/request-row';
import { RequestQueue } from '../../../electron/core/observability/request-queue';
import type { RequestRecord } from '../../../electron/core/observability/request-row';
import { SILENT_LOGGER } from '../../../electron/core/index';
import { anthropicTextStream, json, sse, startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { startService, tempDataDir } from '../../support/service';
import type { TestService } from '../../support/service';
import { anthropicWithUsage, manualClock, postMessages } from './helpers';

const open: TestService[] = [];
const ups: FakeUpstream[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const u of ups.splice(0)) await u.close();
});

async function service(dataDir: string, opts: Parameters<typeof startService>[0] = {}) {
  const up = await startFakeUpstream((req, res) => (req.json?.stream ? sse(res, anthropicTextStream(['1 2', ' 3'], { outputTokens: 5 })) : json(res, 200, anthropicWithUsage({ input: 10, output: 5 }))));
  ups.push(up);
  const s = await startService({
    dataDir,
    config: { providers: [{ id: 'up', protocol: 'anthropic', baseUrl: up.url, apiKeys: ['sk-history-test-0000001'], models: ['m'] }], routing: { default: ['up/m'] } },
    observability: { flushMs: 50, retryMs: 100 },
    ...opts,
  });
  open.push(s);
  return s;
}

const until = async (what: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A finished request as the tracker hands it to the storage (arrived at `at`, took no time). */
function queueOf(records: RequestRecord[]): RequestQueue {
  const q = new RequestQueue(4, 64); // small, so that the test also grows it
  for (const r of records) enqueueRow(q, r);
  return q;
}

function record(id: string, at: number): RequestRecord {
  return { id, e: { type: 'request.finished', at, requestId: id, status: 200, latencyMs: 0, attempts: 0 }, attempts: [], outcome: 'ok', cost: null, errorMessage: undefined };
}

describe('history across a restart', () => {
  it('the request log, metrics, audit and speed tests are still there after a restart', async () => {
    const dir = tempDataDir();
    const first = await service(dir);
    for (let i = 0; i < 4; i++) expect((await postMessages(first.url, 'x')).status).toBe(200);
    await first.api.runSpeedTest({ n: 1 });
    const before = await first.api.queryRequests({});
    await first.api.rotateAdminToken();
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await service(dir);
    const after = await second.api.queryRequests({});
    expect(after.total).toBe(5); // 4 + the speed test's run
    expect(after.entries.map((e) => e.id)).toEqual(before.entries.map((e) => e.id));
    const summary = await second.api.getMetricsSummary({ window: '1h', groupBy: 'provider' });
    expect(summary.rows.find((r) => r.key === 'up')?.requests).toBe(5);
    expect(summary.totals.tokens.output).toBe(25);
    expect((await second.api.listSpeedTests({})).map((r) => [r.rows[0]?.providerId, r.rows[0]?.successRate])).toEqual([['up', 1]]);
    expect((await second.api.queryAudit({})).map((a) => a.action)).toContain('token.rotate');
  });

  it('the database and its journal files are private to the user (0600)', async () => {
    const dir = tempDataDir();
    const s = await service(dir);
    await postMessages(s.url, 'x');
    await until(async () => (await s.api.queryRequests({})).total === 1);
    const files = readdirSync(dir).filter((f) => f.startsWith(HISTORY_FILE));
    expect(files).toContain(HISTORY_FILE);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });
});

describe('request rows in the database', () => {
  it('rows are stored as text (bound as UTF-8 bytes): non-ASCII comes back whole and the filters read it', () => {
    const conn = openDatabase(join(tempDataDir(), HISTORY_FILE));
    const db = createHistoryDb(conn);
    const writer = createHistoryWriter(conn);
    const now = Date.UTC(2026, 5, 1);
    const records = Array.from({ length: 70 }, (_, i) => {
      const r = record(`u${i}`, now + i);
      r.e.providerId = i % 2 === 0 ? 'prov-é' : 'plain';
      r.e.clientModel = `modèle ☃ 𝄞 ${i}`;
      return r;
    });
    writer.write({ requests: queueOf(records), buckets: [], speedTests: [], audit: [] });
    expect((conn.prepare("SELECT DISTINCT typeof(row) AS t FROM requests").all() as Array<{ t: string }>).map((r) => r.t)).toEqual(['text']);
    const page = db.queryRequests({ provider: 'prov-é' }, 100);
    expect(page.total).toBe(35);
    expect(page.entries[0]).toMatchObject({ id: 'u68', providerId: 'prov-é', clientModel: 'modèle ☃ 𝄞 68' });
    expect(db.queryRequests({ q: '𝄞 69' }, 10).entries.map((e) => e.id)).toEqual(['u69']);
    db.close();
  });
});

describe('retention', () => {
  it('prunes requests past the age or the row limit, and buckets past 7 days (minutes) or 90 days (hours); nothing else', async () => {
    const dir = tempDataDir();
    const path = join(dir, HISTORY_FILE);
    const conn = openDatabase(path);
    const db = createHistoryDb(conn);
    const writer = createHistoryWriter(conn);
    const now = Date.UTC(2026, 5, 1);
    const ages = [0, 1, 2, 29, 30.5, 31, 100]; // days
    const bucket = (tier: 'minute' | 'hour', ageDays: number): [string, number, string, string] => [tier, now - ageDays * DAY, JSON.stringify({ scope: 'request', provider: 'p', model: 'm', class: '', key: '' }), storeBucket(newBucket({ scope: 'request', provider: 'p', model: 'm', class: '', key: '' }))];
    writer.write({
      requests: queueOf(ages.map((d, i) => record(`r${i}`, now - d * DAY))),
      buckets: [bucket('minute', 6), bucket('minute', 8), bucket('hour', 89), bucket('hour', 91)],
      speedTests: [],
      audit: [{ id: 0, at: now - 400 * DAY, actor: 'api', action: 'config.change', detail: 'old' }],
    });
    expect(writer.prune(now, pruneLimits({ maxRows: 100_000, maxAgeDays: 30 }))).toBe(3);
    expect(db.queryRequests({}, 100).entries.map((e) => e.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    // The row limit keeps the newest.
    expect(writer.prune(now, pruneLimits({ maxRows: 2, maxAgeDays: 30 }))).toBe(2);
    expect(db.queryRequests({}, 100).entries.map((e) => e.id)).toEqual(['r0', 'r1']);
    expect(db.buckets('minute', 0).map((r) => (now - r.start) / DAY)).toEqual([6]);
    expect(db.buckets('hour', 0).map((r) => (now - r.start) / DAY)).toEqual([89]);
    expect(db.queryAudit(10)).toHaveLength(1); // the audit log is not pruned
    db.close();
  });

  it('the row limit keeps the newest rows across prunes (the count is kept, not rescanned)', () => {
    const conn = openDatabase(join(tempDataDir(), HISTORY_FILE));
    const db = createHistoryDb(conn);
    const writer = createHistoryWriter(conn);
    const now = Date.UTC(2026, 5, 1);
    const limits = pruneLimits({ maxRows: 250, maxAgeDays: 30 });
    const ids = (from: number, n: number) => queueOf(Array.from({ length: n }, (_, i) => record(`c${from + i}`, now - 100_000 + from + i)));
    writer.write({ requests: ids(0, 300), buckets: [], speedTests: [], audit: [] });
    expect(writer.prune(now, limits)).toBe(50);
    writer.write({ requests: ids(300, 10), buckets: [], speedTests: [], audit: [] });
    expect(writer.prune(now, limits)).toBe(10);
    expect(writer.prune(now, limits)).toBe(0);
    const kept = db.queryRequests({}, 1000);
    expect(kept.total).toBe(250);
    expect(kept.entries.at(-1)!.id).toBe('c60');
    expect(kept.entries[0]!.id).toBe('c309');
    db.close();
  });

  it('a batch is stored whole: rows in statements of 64 and the rest one by one, duplicates replaced', () => {
    const conn = openDatabase(join(tempDataDir(), HISTORY_FILE));
    const db = createHistoryDb(conn);
    const writer = createHistoryWriter(conn);
    const now = Date.UTC(2026, 5, 1);
    const rows = Array.from({ length: 130 }, (_, i) => record(`b${i}`, now - i));
    writer.write({ requests: queueOf([...rows, rows[0]!]), buckets: [], speedTests: [], audit: [] });
    const page = db.queryRequests({}, 200);
    expect(page.total).toBe(130);
    expect(new Set(page.entries.map((e) => e.id))).toEqual(new Set(rows.map((r) => r.id)));
    db.close();
  });

  it('the storage prunes on its own with the configured limits and the injected clock', async () => {
    const dir = tempDataDir();
    const clock = manualClock(Date.UTC(2026, 5, 1));
    const limits = { maxRows: 3, maxAgeDays: 1 };
    const storage = createHistoryStorage({ path: join(dir, HISTORY_FILE), clock, logger: SILENT_LOGGER, store: createMetricsStore(), retention: () => limits, flushMs: 60_000 });
    for (let i = 0; i < 5; i++) storage.addRequest(record(`n${i}`, clock.now() - i * 1000));
    storage.addRequest(record('old', clock.now() - 2 * DAY));
    await storage.flush();
    expect((await storage.queryRequests({})).entries.map((e) => e.id)).toEqual(['n0', 'n1', 'n2']);
    clock.advance(DAY - 500); // n0 is now 1 day - 0.5 s old (kept), n1 1 day + 0.5 s (pruned)
    storage.addRequest(record('n5', clock.now()));
    await storage.flush();
    expect((await storage.queryRequests({})).entries.map((e) => e.id)).toEqual(['n5', 'n0']);
    await storage.close();
  });
});

describe('a database that does not work never stops traffic', () => {
  it('a corrupt file: aimux serves, moves it aside, starts a new history and says so', async () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, HISTORY_FILE), 'this is not a database '.repeat(200));
    const s = await service(dir);
    for (let i = 0; i < 3; i++) expect((await postMessages(s.url, 'x')).status).toBe(200);
    const health = (await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean; problem?: string } };
    expect(health.storage.persisted).toBe(true);
    expect(health.storage.problem).toMatch(/unreadable and was moved to .*history\.db\.corrupt-/);
    expect(readdirSync(dir).some((f) => f.startsWith(`${HISTORY_FILE}.corrupt-`))).toBe(true);
    expect(s.logs.join('\n')).toContain('is not a readable database');
    expect((await s.api.queryRequests({})).total).toBe(3);
  });

  it('an unusable path: history stays in memory (said in /health, the summary and the log), then is written once the database can be opened', async () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, HISTORY_FILE)); // a directory where the file should be: SQLite cannot open it
    const s = await service(dir);
    for (let i = 0; i < 3; i++) expect((await postMessages(s.url, 'x')).status).toBe(200);
    const health = (await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean; problem?: string } };
    expect(health.storage).toMatchObject({ persisted: false, problem: expect.stringContaining(join(dir, HISTORY_FILE)) });
    const summary = await s.api.getMetricsSummary({});
    expect(summary).toMatchObject({ persisted: false, storageProblem: expect.stringContaining(HISTORY_FILE) });
    expect(summary.totals.requests).toBe(3);
    expect((await s.api.queryRequests({})).total).toBe(3);
    expect(s.logs.join('\n')).toMatch(/history: .*kept in memory/);
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.token}` } })).text();
    expect(metrics).toContain('aimux_history_persisted 0');

    rmSync(join(dir, HISTORY_FILE), { recursive: true });
    await until(async () => ((await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean } }).storage.persisted);
    expect((await s.api.queryRequests({})).total).toBe(3);
    const db = createHistoryDb(openDatabase(join(dir, HISTORY_FILE)));
    expect(db.queryRequests({}, 10).total).toBe(3);
    db.close();
  });

  it('a lock held for less than busyMs is waited out flush by flush: history never falls back to memory, nothing is lost', async () => {
    const dir = tempDataDir();
    const s = await service(dir, { observability: { flushMs: 20, retryMs: 100, busyMs: 60_000 } });
    const locker = openDatabase(join(dir, HISTORY_FILE));
    locker.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 3; i++) expect((await postMessages(s.url, 'x')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // ~15 flushes, each refused with SQLITE_BUSY
    const health = (await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean; problem?: string } };
    expect(health.storage).toEqual({ persisted: true });
    locker.exec('ROLLBACK');
    locker.close();
    expect((await s.api.queryRequests({})).total).toBe(3);
    const db = createHistoryDb(openDatabase(join(dir, HISTORY_FILE)));
    expect(db.queryRequests({}, 10).total).toBe(3);
    db.close();
  });

  it('while a lock holds the writes back, the request log answers with the rows not yet written too, paged with the written ones', async () => {
    const dir = tempDataDir();
    const s = await service(dir, { observability: { flushMs: 20, retryMs: 100, busyMs: 60_000 } });
    const path = join(dir, HISTORY_FILE);
    expect((await postMessages(s.url, 'x')).status).toBe(200);
    const reader = createHistoryDb(openDatabase(path));
    await until(() => reader.queryRequests({}, 10).total === 1); // written by a flush
    reader.close();
    const locker = openDatabase(path);
    locker.exec('BEGIN EXCLUSIVE'); // reads still work (WAL), writes are refused with SQLITE_BUSY
    for (let i = 0; i < 2; i++) expect((await postMessages(s.url, 'x')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150)); // several flushes, each refused
    expect(((await (await fetch(`${s.url}/health`)).json()) as { storage: unknown }).storage).toEqual({ persisted: true });

    const first = await s.api.queryRequests({ limit: 2 });
    expect(first.total).toBe(3);
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await s.api.queryRequests({ limit: 2, cursor: first.nextCursor });
    expect(second.entries).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    const all = [...first.entries, ...second.entries];
    expect(new Set(all.map((e) => e.id)).size).toBe(3);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a));
    for (const e of all) expect((await s.api.getRequest({ id: e.id }))?.id).toBe(e.id);

    locker.exec('ROLLBACK');
    locker.close();
    expect((await s.api.queryRequests({})).total).toBe(3); // written now, once each
    const db = createHistoryDb(openDatabase(path));
    expect(db.queryRequests({}, 10).total).toBe(3);
    db.close();
  });

  it('a locked database: requests go through, history waits in memory and is written when the lock is gone', async () => {
    const dir = tempDataDir();
    const s = await service(dir, { observability: { flushMs: 50, retryMs: 100, busyMs: 200 } });
    const locker = openDatabase(join(dir, HISTORY_FILE));
    locker.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 2; i++) expect((await postMessages(s.url, 'x')).status).toBe(200);
    await until(async () => ((await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean } }).storage.persisted === false);
    expect((await s.api.queryRequests({})).total).toBe(2);
    locker.exec('ROLLBACK');
    locker.close();
    await until(async () => ((await (await fetch(`${s.url}/health`)).json()) as { storage: { persisted: boolean } }).storage.persisted);
    expect((await s.api.queryRequests({})).total).toBe(2);
  });
});
