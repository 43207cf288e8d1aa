/**
 * Observability's own work, with no proxy around it: finished requests (the event a passthrough stream
 * emits) fed straight into the real observability (tracker, metric buckets, request rows, the SQLite
 * history in a temporary data dir, its flushes and pruning on their timers), 20 per turn of the event
 * loop, and the process's CPU time (user + system) per request. Garbage collection of what it allocates
 * is included; what it does to the proxy's own work around it (caches, more collections of the
 * proxy's objects) is not: that is the on/off section's difference minus this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../electron/core/config/schema';
import { SILENT_LOGGER } from '../electron/core/index';
import type { CoreHandle } from '../electron/core/index';
import type { CoreEvent, RequestFinishedEvent } from '../electron/core/metrics/events';
import { createObservability } from '../electron/core/observability/index';

export interface ObservabilityCpu {
  requests: number;
  /** CPU µs per finished request (user + system), the harness's own (making the events, the turns) subtracted. */
  cpuUs: number;
  userUs: number;
  sysUs: number;
  /** The harness's own CPU µs per request (the same loop with the events dropped). */
  harnessUs: number;
}

const PER_TURN = 20;

export async function runObservabilityCpu(requests = 300_000, warmup = 100_000): Promise<ObservabilityCpu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aimux-bench-obs-cpu-'));
  const config = resolveConfig(
    {
      providers: [{ id: 'anth', protocol: 'anthropic', baseUrl: 'http://127.0.0.1:9', apiKeys: ['bench-key-0000000001'], models: ['m'] }],
      routing: { default: ['anth/m'] },
    },
    { source: 'bench', env: {} },
  );
  let listener: (e: CoreEvent) => void = () => {};
  // The three things observability asks of the core: its events, its config and its health.
  const core = {
    on: (_type: '*', l: (e: CoreEvent) => void) => ((listener = l), () => {}),
    config: () => config,
    health: () => ({ providers: [] }),
  } as unknown as CoreHandle;
  const obs = createObservability({
    dataDir,
    core,
    logger: SILENT_LOGGER,
    emit() {},
    listening: () => false,
    onConfig: () => () => {},
    adminToken: async () => 'unused',
    scrapeToken: async () => undefined,
    hostPolicy: () => ({}),
    proxyUrl: async () => 'http://127.0.0.1:9',
    proxyHeaders: async () => ({}),
  });
  const keyId = config.providers[0]!.apiKeys[0]!.id;
  let seq = 0;
  // What the core emits when a passthrough stream finishes (a new object per request, as the core makes).
  const finished = (): RequestFinishedEvent => {
    const at = Date.now();
    return {
      type: 'request.finished',
      at,
      requestId: `req_bench${(seq++).toString(16).padStart(14, '0')}`,
      clientProtocol: 'anthropic',
      clientModel: 'anth/m',
      stream: true,
      status: 200,
      latencyMs: 3,
      ttfbMs: 1,
      inputTokens: 12,
      outputTokens: 6,
      attempts: 1,
      class: 'default',
      classReason: 'explicit provider "anth"',
      providerId: 'anth',
      model: 'm',
      keyId,
      attemptStartedAt: at - 2,
      attemptTtfbMs: 1,
      notes: [],
    };
  };
  const dropped: RequestFinishedEvent[] = [];
  const drop = (e: RequestFinishedEvent) => void (dropped[seq & 63] = e);
  const run = async (n: number, to: (e: RequestFinishedEvent) => void) => {
    for (let i = 0; i < n; i += PER_TURN) {
      for (let j = 0; j < PER_TURN; j++) to(finished());
      await new Promise((r) => setImmediate(r));
    }
  };
  const measure = async (to: (e: RequestFinishedEvent) => void) => {
    await run(warmup, to);
    const c0 = process.cpuUsage();
    await run(requests, to);
    return process.cpuUsage(c0);
  };
  try {
    const base = await measure(drop);
    const c = await measure((e) => listener(e));
    const user = (c.user - base.user) / requests;
    const sys = (c.system - base.system) / requests;
    return { requests, cpuUs: user + sys, userUs: user, sysUs: sys, harnessUs: (base.user + base.system) / requests };
  } finally {
    await obs.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
