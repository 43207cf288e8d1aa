/**
 * What the observers need from the running config, looked up per request: a key's hint, a model's
 * price, a redactor that knows the configured key values. Built once per config object.
 */
import type { AimuxConfig, ModelInfo } from '../config/types';
import { createRedactor } from '../security/redact';
import type { Redactor } from '../security/redact';

export interface ConfigLookup {
  keyHint(keyId: string | undefined): string | undefined;
  pricing(providerId: string | undefined, model: string | undefined): ModelInfo['pricing'];
  /** Scrubs configured key values and key-shaped strings out of a text. */
  redact: Redactor;
}

export function createConfigLookup(config: () => AimuxConfig): () => ConfigLookup {
  const cache = new WeakMap<AimuxConfig, ConfigLookup>();
  const build = (c: AimuxConfig): ConfigLookup => {
    const hints = new Map<string, string>();
    const providers = new Map(c.providers.map((p) => [p.id, p]));
    for (const p of c.providers) for (const k of p.apiKeys) hints.set(k.id, k.hint);
    let redact: Redactor | undefined;
    return {
      keyHint: (id) => (id === undefined ? undefined : hints.get(id)),
      pricing: (pid, model) => (pid === undefined || model === undefined ? undefined : providers.get(pid)?.modelInfo?.[model]?.pricing),
      redact: (text) => (redact ??= createRedactor(c.providers.flatMap((p) => p.apiKeys.map((k) => k.value))))(text),
    };
  };
  return () => {
    const c = config();
    let l = cache.get(c);
    if (!l) cache.set(c, (l = build(c)));
    return l;
  };
}

/** USD for a request's tokens at a model's price per million tokens; cache prices default to the input price. */
export function costOf(
  p: ModelInfo['pricing'],
  t: { input: number; output: number; cacheRead: number; cacheWrite: number },
): number | null {
  if (p === undefined) return null;
  return (t.input * p.input + t.output * p.output + t.cacheRead * (p.cacheRead ?? p.input) + t.cacheWrite * (p.cacheWrite ?? p.input)) / 1e6;
}
