/** Starts the real proxy core on 127.0.0.1:0 for a test, from a config object as a user would write it. */
import { resolveConfig } from '../../electron/core/config/schema';
import type { AimuxConfig } from '../../electron/core/config/types';
import { createCore } from '../../electron/core/index';
import type { CoreHandle } from '../../electron/core/index';
import type { CoreEvent } from '../../electron/core/metrics/events';

export interface TestProxy {
  url: string;
  core: CoreHandle;
  events: CoreEvent[];
  close(): Promise<void>;
}

export async function startProxy(
  rawConfig: unknown,
  opts: { env?: Record<string, string>; clock?: { now(): number }; random?: () => number; adjust?: (config: AimuxConfig) => void } = {},
): Promise<TestProxy> {
  const config = resolveConfig(rawConfig, { source: 'test', env: opts.env ?? {} });
  // For what the file cannot say yet (e.g. `modelInfo`, which comes from provider presets).
  opts.adjust?.(config);
  const core = createCore({ config, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.random ? { random: opts.random } : {}) });
  const events: CoreEvent[] = [];
  core.on('*', (e: CoreEvent) => events.push(e));
  const url = await core.listen('127.0.0.1', 0);
  return { url, core, events, close: async () => void (await core.close(1000)) };
}

/** One provider pointing at a fake upstream, routed by default. */
export function singleProvider(protocol: 'anthropic' | 'openai', baseUrl: string, extra: Record<string, unknown> = {}) {
  return {
    providers: [{ id: 'up', protocol, baseUrl, apiKeys: ['test-upstream-key-000001'], models: ['up-model'], ...extra }],
    routing: { default: ['up/up-model'] },
  };
}
