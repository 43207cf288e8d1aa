/**
 * Turns a config document into the `AimuxConfig` the core runs on.
 *
 * 1. Older versions are migrated (migrate.ts).
 * 2. The zod schema in shared/config/schema.ts checks the format: every problem with its JSON path,
 *    all at once, unknown fields rejected.
 * 3. Rules across fields are checked here: unique provider ids, known presets, a protocol and base URL
 *    from the provider or its preset, key references that resolve (`env:NAME` from the environment,
 *    `keychain:<account>` from the secret store), routes that name configured providers.
 * 4. Presets and defaults are merged in (config field > preset > default) and keys resolved.
 *
 * Nothing starts half-configured, and key values never appear in a message.
 */
import { CONFIG_DEFAULTS, defaultAuth, defaultCapabilities, defaultQuirks, keyHint, parseTarget, PROVIDER_PROTOCOLS, REQUEST_CLASSES, SYNTHETIC_MODELS } from '../../../shared/config/defaults';
import { problemLine, problemsFromIssues } from '../../../shared/config/problems';
import { configSchema } from '../../../shared/config/schema';
import type { ConfigDoc, ProviderDoc, TargetListDoc } from '../../../shared/config/schema';
import { migrateConfig } from './migrate';
import type { PresetLike, PresetLookup } from './preset-like';
import { findPresetLike } from './preset-like';
import type { AimuxConfig, ApiKey, ModelInfo, ModelMapEntry, ProviderConfig, RequestClass, RoutingConfig, TargetList } from './types';

export { keyHint, parseTarget };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid config ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface ResolveOptions {
  source: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a `keychain:<account>` reference; the config store fetches them before resolving. */
  secret?: (account: string) => string | undefined;
  presets?: PresetLookup;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function resolveConfig(raw: unknown, opts: ResolveOptions): AimuxConfig {
  const migrated = migrateConfig(raw);
  if ('problem' in migrated) throw new ConfigError(opts.source, [migrated.problem]);
  const presets = opts.presets ?? findPresetLike;
  const parsed = configSchema.safeParse(migrated.doc, { reportInput: true });
  const problems = parsed.success ? [] : problemsFromIssues(parsed.error.issues).map(problemLine);
  const cross = new CrossChecker(opts, presets);
  cross.check(migrated.doc);
  problems.push(...cross.problems);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(opts.source, problems);
  const doc = parsed.data;
  const providers = doc.providers.map((p) => buildProvider(p, presets, opts));
  const config: AimuxConfig = {
    source: opts.source,
    doc,
    server: { ...CONFIG_DEFAULTS.server, ...doc.server, limits: { ...CONFIG_DEFAULTS.server.limits, ...doc.server?.limits } },
    security: { ...CONFIG_DEFAULTS.security, ...doc.security },
    providers,
    routing: buildRouting(doc),
    observability: {
      ...CONFIG_DEFAULTS.observability,
      ...doc.observability,
      requestLog: { ...CONFIG_DEFAULTS.observability.requestLog, ...doc.observability?.requestLog },
    },
  };
  if (migrated.from !== undefined) config.migratedFrom = migrated.from;
  return config;
}

/** The rules that span fields, run on the raw document so they report alongside the format problems. */
class CrossChecker {
  readonly problems: string[] = [];
  private readonly ids = new Set<string>();

  constructor(
    private readonly opts: ResolveOptions,
    private readonly presets: PresetLookup,
  ) {}

  check(doc: unknown): void {
    if (!isObj(doc)) return;
    if (Array.isArray(doc.providers)) doc.providers.forEach((p, i) => this.provider(p, `providers[${i}]`));
    if (isObj(doc.routing)) this.routing(doc.routing);
  }

  private provider(p: unknown, path: string): void {
    if (!isObj(p)) return;
    if (typeof p.id === 'string') {
      if (this.ids.has(p.id)) this.problems.push(`${path}.id: duplicate provider id "${p.id}"`);
      this.ids.add(p.id);
    }
    let preset: PresetLike | undefined;
    if (typeof p.preset === 'string') {
      preset = this.presets(p.preset);
      if (!preset) this.problems.push(`${path}.preset: unknown preset "${p.preset}" (list them with: aimux presets)`);
    }
    const protocol = p.protocol ?? preset?.protocol;
    if (protocol === undefined && (p.preset === undefined || preset)) {
      this.problems.push(`${path}.protocol: missing (one of ${PROVIDER_PROTOCOLS.map((x) => `"${x}"`).join(', ')})`);
    }
    if (protocol !== undefined && protocol !== 'synthetic' && p.baseUrl === undefined && (p.preset === undefined || preset)) {
      if (!preset) this.problems.push(`${path}.baseUrl: missing`);
      else if (preset.baseUrl.includes('{')) {
        this.problems.push(`${path}.baseUrl: missing: preset "${preset.id}" needs its URL filled in (${preset.baseUrl})`);
      }
    }
    if (Array.isArray(p.apiKeys)) p.apiKeys.forEach((ref, i) => this.keyRef(ref, `${path}.apiKeys[${i}]`));
  }

  private keyRef(ref: unknown, path: string): void {
    if (typeof ref !== 'string') return;
    if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) {
      const name = ref.slice(4);
      const v = this.opts.env[name];
      if (v === undefined || v === '') this.problems.push(`${path}: environment variable ${name} is not set`);
      else if (/[\r\n\0]/.test(v) || v.trim() !== v) this.problems.push(`${path}: environment variable ${name} contains whitespace or control characters`);
    } else if (/^keychain:[A-Za-z0-9._-]{1,128}$/.test(ref)) {
      const account = ref.slice(9);
      if (!this.opts.secret) this.problems.push(`${path}: no secret store to read "${ref}" from (use env:NAME references where there is no keychain)`);
      else if (this.opts.secret(account) === undefined) this.problems.push(`${path}: "${ref}" is not in the secret store (add it again with: aimux keys add)`);
    }
  }

  private routing(r: Obj): void {
    for (const cls of REQUEST_CLASSES) this.targetList(r[cls], `routing.${cls}`);
    if (Array.isArray(r.modelMap)) {
      r.modelMap.forEach((e, i) => {
        if (!isObj(e)) return;
        const path = `routing.modelMap[${i}].route`;
        if (typeof e.route === 'string' && e.route.includes('/')) this.target(e.route, path);
        else this.targetList(e.route, path);
      });
    }
  }

  private targetList(v: unknown, path: string): void {
    if (Array.isArray(v)) v.forEach((t, i) => this.target(t, `${path}[${i}]`));
    else if (isObj(v) && Array.isArray(v.targets)) v.targets.forEach((t, i) => this.target(t, `${path}.targets[${i}]`));
  }

  private target(t: unknown, path: string): void {
    const parsed = typeof t === 'string' ? parseTarget(t) : undefined;
    if (parsed && !this.ids.has(parsed.providerId)) {
      this.problems.push(`${path}: unknown provider "${parsed.providerId}" (configured: ${[...this.ids].join(', ') || 'none'})`);
    }
  }
}

function buildProvider(p: ProviderDoc, presets: PresetLookup, opts: ResolveOptions): ProviderConfig {
  const preset = p.preset === undefined ? undefined : presets(p.preset);
  const protocol = (p.protocol ?? preset?.protocol)!;
  const d = CONFIG_DEFAULTS.provider;
  const baseUrl = protocol === 'synthetic' ? '' : (p.baseUrl ?? preset?.baseUrl ?? '').replace(/\/+$/, '');
  const models = [...(p.models ?? preset?.models.map((m) => m.id) ?? [])];
  if (protocol === 'synthetic' && models.length === 0) models.push(...SYNTHETIC_MODELS);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...preset?.headers, ...p.headers })) headers[k.toLowerCase()] = String(v);
  const presetAuth = preset?.auth === 'none' ? undefined : preset?.auth;
  const config: ProviderConfig = {
    id: p.id,
    name: p.name ?? preset?.name ?? p.id,
    protocol,
    baseUrl,
    auth: p.auth ?? presetAuth ?? defaultAuth(protocol),
    apiKeys: resolveKeys(p, opts),
    models,
    headers,
    enabled: p.enabled ?? d.enabled,
    weight: p.weight ?? d.weight,
    maxConcurrent: p.maxConcurrent ?? d.maxConcurrent,
    queueSize: p.queueSize ?? d.queueSize,
    timeouts: { ...d.timeouts, ...p.timeouts },
    capabilities: { ...defaultCapabilities(protocol), ...preset?.capabilities, ...p.capabilities },
    quirks: { ...defaultQuirks(protocol), ...preset?.quirks, ...p.quirks },
    breaker: { ...d.breaker, ...p.breaker },
  };
  if (preset) config.preset = preset.id;
  const query = { ...preset?.query, ...p.query };
  if (Object.keys(query).length > 0) config.query = query;
  const modelInfo = buildModelInfo(preset, p);
  if (Object.keys(modelInfo).length > 0) config.modelInfo = modelInfo;
  return config;
}

function buildModelInfo(preset: PresetLike | undefined, p: ProviderDoc): Record<string, ModelInfo> {
  const out: Record<string, ModelInfo> = {};
  for (const m of preset?.models ?? []) {
    const info: ModelInfo = { contextWindow: m.contextWindow, maxOutputTokens: m.maxOutputTokens };
    if (m.pricing) info.pricing = { ...m.pricing };
    if (m.capabilities) info.capabilities = { ...m.capabilities };
    out[m.id] = info;
  }
  for (const [id, info] of Object.entries(p.modelInfo ?? {})) out[id] = { ...out[id], ...info } as ModelInfo;
  return out;
}

function resolveKeys(p: ProviderDoc, opts: ResolveOptions): ApiKey[] {
  return (p.apiKeys ?? []).map((ref, i) => {
    if (ref.startsWith('env:')) {
      const value = opts.env[ref.slice(4)]!;
      return { id: `${p.id}#${i}`, hint: keyHint(value), value, source: 'env', ref };
    }
    if (ref.startsWith('keychain:')) {
      const account = ref.slice(9);
      const value = opts.secret!(account)!;
      return { id: `${p.id}#${account.slice(account.lastIndexOf('.') + 1)}`, hint: keyHint(value), value, source: 'keychain', ref };
    }
    return { id: `${p.id}#${i}`, hint: keyHint(ref), value: ref, source: 'literal' };
  });
}

function toTargetList(v: TargetListDoc): TargetList {
  const list = Array.isArray(v) ? { targets: v, strategy: undefined } : v;
  return { targets: list.targets.map((t) => parseTarget(t)!), strategy: list.strategy ?? 'failover' };
}

function buildRouting(doc: ConfigDoc): RoutingConfig {
  const r = doc.routing;
  const d = CONFIG_DEFAULTS.routing;
  const classes: Partial<Record<RequestClass, TargetList>> = {};
  for (const cls of REQUEST_CLASSES) {
    const v = r[cls];
    if (v !== undefined) classes[cls] = toTargetList(v);
  }
  const modelMap: ModelMapEntry[] = (r.modelMap ?? []).map((e) => {
    const route = e.route;
    if (typeof route === 'string' && (REQUEST_CLASSES as readonly string[]).includes(route)) {
      return { pattern: e.match, route: { kind: 'class', class: route as RequestClass } };
    }
    return { pattern: e.match, route: { kind: 'targets', list: toTargetList(typeof route === 'string' ? [route] : route) } };
  });
  return {
    classes: { ...classes, default: toTargetList(r.default) },
    longContextThreshold: r.longContextThreshold ?? d.longContextThreshold,
    modelMap,
    sessionAffinity: r.sessionAffinity ?? d.sessionAffinity,
    maxAttempts: r.maxAttempts ?? d.maxAttempts,
    deadlineMs: r.deadlineMs ?? d.deadlineMs,
  };
}
