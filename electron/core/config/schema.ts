/**
 * Validates a parsed config file and resolves it into `AimuxConfig`.
 *
 * Every problem is reported with its JSON path (`providers[1].baseUrl: expected an http(s) URL`),
 * all at once, and nothing starts half-configured. Unknown fields are errors too: a typo such as
 * `baseURL` would otherwise be silently ignored. Key values never appear in messages.
 */
import { CONFIG_DEFAULTS, defaultCapabilities, SYNTHETIC_MODELS } from './defaults';
import { REQUEST_CLASSES } from './types';
import type {
  AimuxConfig,
  ApiKey,
  ModelMapEntry,
  ProviderConfig,
  ProviderProtocol,
  RequestClass,
  RouteStrategy,
  RoutingConfig,
  ServerConfig,
  Target,
  TargetList,
} from './types';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid config ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const STRATEGIES: readonly RouteStrategy[] = ['failover', 'round-robin', 'weighted', 'least-latency', 'least-busy'];
const PROTOCOLS: readonly ProviderProtocol[] = ['anthropic', 'openai', 'synthetic'];
const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Collects problems while walking; each check returns a usable fallback so the walk continues. */
class Checker {
  readonly problems: string[] = [];
  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }
  object(v: unknown, path: string, allowed: readonly string[]): Obj {
    if (!isObj(v)) {
      this.problem(path, `expected an object, got ${describe(v)}`);
      return {};
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.problem(`${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
    }
    return v;
  }
  string(v: unknown, path: string, fallback: string, opts: { nonEmpty?: boolean } = {}): string {
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || (opts.nonEmpty && v.length === 0)) {
      this.problem(path, `expected ${opts.nonEmpty ? 'a non-empty string' : 'a string'}, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }
  int(v: unknown, path: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(path, `expected an integer from ${min} to ${max}, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }
  number(v: unknown, path: string, fallback: number, min: number): number {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      this.problem(path, `expected a number ≥ ${min}, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }
  bool(v: unknown, path: string, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') {
      this.problem(path, `expected true or false, got ${describe(v)}`);
      return fallback;
    }
    return v;
  }
  oneOf<T extends string>(v: unknown, path: string, fallback: T, options: readonly T[]): T {
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !options.includes(v as T)) {
      this.problem(path, `expected one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describe(v)}`);
      return fallback;
    }
    return v as T;
  }
  stringArray(v: unknown, path: string): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.problem(path, `expected an array of strings, got ${describe(v)}`);
      return [];
    }
    const out: string[] = [];
    v.forEach((s, i) => {
      if (typeof s === 'string' && s.length > 0) out.push(s);
      else this.problem(`${path}[${i}]`, `expected a non-empty string, got ${describe(s)}`);
    });
    return out;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? 'a string' : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** `sk-ant-…a1b2`: enough for a person to tell keys apart, useless to anyone else. */
export function keyHint(value: string): string {
  if (value.length >= 16) return `${value.slice(0, 3)}…${value.slice(-4)}`;
  if (value.length >= 8) return `…${value.slice(-2)}`;
  return '…';
}

export interface ResolveOptions {
  source: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function resolveConfig(raw: unknown, opts: ResolveOptions): AimuxConfig {
  const c = new Checker();
  const root = c.object(raw, '$', ['$schema', 'server', 'providers', 'routing']);
  const server = resolveServer(c, root.server);
  const providers = resolveProviders(c, root.providers, opts.env);
  const routing = resolveRouting(c, root.routing, providers);
  if (c.problems.length > 0) throw new ConfigError(opts.source, c.problems);
  return { source: opts.source, server, providers, routing };
}

function resolveServer(c: Checker, v: unknown): ServerConfig {
  const d = CONFIG_DEFAULTS.server;
  if (v === undefined) return { ...d };
  const o = c.object(v, 'server', ['host', 'port', 'maxBodyBytes', 'shutdownGraceMs', 'pingIntervalMs']);
  return {
    host: c.string(o.host, 'server.host', d.host, { nonEmpty: true }),
    port: c.int(o.port, 'server.port', d.port, 0, 65535),
    maxBodyBytes: c.int(o.maxBodyBytes, 'server.maxBodyBytes', d.maxBodyBytes, 1024),
    shutdownGraceMs: c.int(o.shutdownGraceMs, 'server.shutdownGraceMs', d.shutdownGraceMs, 0),
    pingIntervalMs: c.int(o.pingIntervalMs, 'server.pingIntervalMs', d.pingIntervalMs, 100),
  };
}

const PROVIDER_FIELDS = [
  'id', 'protocol', 'baseUrl', 'apiKeys', 'models', 'auth', 'headers', 'enabled', 'weight',
  'maxConcurrent', 'queueSize', 'timeouts', 'capabilities', 'quirks', 'breaker',
] as const;

function resolveProviders(c: Checker, v: unknown, env: ResolveOptions['env']): ProviderConfig[] {
  if (!Array.isArray(v)) {
    c.problem('providers', `expected an array of providers, got ${describe(v)}`);
    return [];
  }
  const seen = new Set<string>();
  return v.map((p, i) => {
    const path = `providers[${i}]`;
    const o = c.object(p, path, PROVIDER_FIELDS);
    const id = c.string(o.id, `${path}.id`, `#${i}`, { nonEmpty: true });
    if (o.id === undefined) c.problem(`${path}.id`, 'missing');
    else if (typeof o.id === 'string' && !PROVIDER_ID.test(id)) c.problem(`${path}.id`, 'use letters, digits, ".", "_" or "-" (no "/")');
    if (seen.has(id)) c.problem(`${path}.id`, `duplicate provider id "${id}"`);
    seen.add(id);
    if (o.protocol === undefined) c.problem(`${path}.protocol`, 'missing (one of "anthropic", "openai", "synthetic")');
    const protocol = c.oneOf(o.protocol, `${path}.protocol`, 'openai', PROTOCOLS);
    const d = CONFIG_DEFAULTS.provider;
    const baseUrl = protocol === 'synthetic' ? '' : resolveBaseUrl(c, o.baseUrl, `${path}.baseUrl`);
    const models = c.stringArray(o.models, `${path}.models`);
    if (protocol === 'synthetic' && models.length === 0) models.push(...SYNTHETIC_MODELS);
    return {
      id,
      protocol,
      baseUrl,
      auth: c.oneOf(o.auth, `${path}.auth`, protocol === 'openai' ? 'bearer' : 'x-api-key', ['x-api-key', 'bearer'] as const),
      apiKeys: resolveKeys(c, o.apiKeys, `${path}.apiKeys`, id, env),
      models,
      headers: resolveHeaders(c, o.headers, `${path}.headers`),
      enabled: c.bool(o.enabled, `${path}.enabled`, d.enabled),
      weight: c.number(o.weight, `${path}.weight`, d.weight, 0),
      maxConcurrent: c.int(o.maxConcurrent, `${path}.maxConcurrent`, d.maxConcurrent, 0),
      queueSize: c.int(o.queueSize, `${path}.queueSize`, d.queueSize, 0, 10_000),
      timeouts: resolveTimeouts(c, o.timeouts, `${path}.timeouts`),
      capabilities: resolveCapabilities(c, o.capabilities, `${path}.capabilities`, protocol),
      quirks: resolveQuirks(c, o.quirks, `${path}.quirks`),
      breaker: resolveBreaker(c, o.breaker, `${path}.breaker`),
    };
  });
}

function resolveBaseUrl(c: Checker, v: unknown, path: string): string {
  if (typeof v !== 'string') {
    c.problem(path, v === undefined ? 'missing' : `expected an http(s) URL, got ${describe(v)}`);
    return '';
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    c.problem(path, `not a valid URL: ${JSON.stringify(v)}`);
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') c.problem(path, `expected http: or https:, got ${url.protocol}`);
  if (url.search || url.hash) c.problem(path, 'must not contain a query or fragment');
  if (url.username || url.password) c.problem(path, 'must not contain credentials; use apiKeys');
  return v.replace(/\/+$/, '');
}

function resolveKeys(c: Checker, v: unknown, path: string, providerId: string, env: ResolveOptions['env']): ApiKey[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.problem(path, `expected an array of "env:NAME" references or keys, got ${describe(v)}`);
    return [];
  }
  const keys: ApiKey[] = [];
  v.forEach((ref, i) => {
    const p = `${path}[${i}]`;
    if (typeof ref !== 'string' || ref.length === 0) {
      c.problem(p, 'expected "env:NAME" or a key string');
      return;
    }
    let value = ref;
    if (ref.startsWith('env:')) {
      const name = ref.slice(4);
      const found = env[name];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        c.problem(p, `"${ref}" is not a valid environment variable reference`);
        return;
      }
      if (found === undefined || found === '') {
        c.problem(p, `environment variable ${name} is not set`);
        return;
      }
      value = found;
    }
    if (/[\r\n\0]/.test(value) || value.trim() !== value) {
      c.problem(p, 'key contains whitespace or control characters');
      return;
    }
    keys.push({ id: `${providerId}#${i}`, hint: keyHint(value), value });
  });
  return keys;
}

function resolveHeaders(c: Checker, v: unknown, path: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) {
    c.problem(path, `expected an object of header names to values, got ${describe(v)}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) c.problem(`${path}.${k}`, 'not a valid header name');
    else if (typeof val !== 'string' || /[\r\n\0]/.test(val)) c.problem(`${path}.${k}`, 'expected a single-line string');
    else out[k.toLowerCase()] = val;
  }
  return out;
}

function resolveTimeouts(c: Checker, v: unknown, path: string): ProviderConfig['timeouts'] {
  const d = CONFIG_DEFAULTS.provider.timeouts;
  if (v === undefined) return { ...d };
  const o = c.object(v, path, ['connectMs', 'firstByteMs', 'idleMs', 'responseMs']);
  return {
    connectMs: c.int(o.connectMs, `${path}.connectMs`, d.connectMs, 1),
    firstByteMs: c.int(o.firstByteMs, `${path}.firstByteMs`, d.firstByteMs, 1),
    idleMs: c.int(o.idleMs, `${path}.idleMs`, d.idleMs, 1),
    responseMs: c.int(o.responseMs, `${path}.responseMs`, d.responseMs, 1),
  };
}

function resolveCapabilities(c: Checker, v: unknown, path: string, protocol: ProviderProtocol): ProviderConfig['capabilities'] {
  const d = defaultCapabilities(protocol);
  if (v === undefined) return d;
  const o = c.object(v, path, ['tools', 'vision', 'thinking', 'maxContextTokens']);
  return {
    tools: c.bool(o.tools, `${path}.tools`, d.tools),
    vision: c.bool(o.vision, `${path}.vision`, d.vision),
    thinking: c.bool(o.thinking, `${path}.thinking`, d.thinking),
    maxContextTokens: c.int(o.maxContextTokens, `${path}.maxContextTokens`, d.maxContextTokens, 0),
  };
}

function resolveQuirks(c: Checker, v: unknown, path: string): ProviderConfig['quirks'] {
  const d = CONFIG_DEFAULTS.provider.quirks;
  if (v === undefined) return { ...d };
  const o = c.object(v, path, ['reasoningField', 'echoReasoning', 'maxTokensField', 'streaming']);
  return {
    reasoningField: c.oneOf(o.reasoningField, `${path}.reasoningField`, d.reasoningField, ['reasoning_content', 'reasoning'] as const),
    echoReasoning: c.bool(o.echoReasoning, `${path}.echoReasoning`, d.echoReasoning),
    maxTokensField: c.oneOf(o.maxTokensField, `${path}.maxTokensField`, d.maxTokensField, ['max_tokens', 'max_completion_tokens'] as const),
    streaming: c.bool(o.streaming, `${path}.streaming`, d.streaming),
  };
}

const DAY_MS = 86_400_000;

function resolveBreaker(c: Checker, v: unknown, path: string): ProviderConfig['breaker'] {
  const d = CONFIG_DEFAULTS.provider.breaker;
  if (v === undefined) return { ...d };
  const o = c.object(v, path, Object.keys(d));
  let errorRateThreshold = c.number(o.errorRateThreshold, `${path}.errorRateThreshold`, d.errorRateThreshold, 0);
  if (errorRateThreshold <= 0 || errorRateThreshold > 1) {
    c.problem(`${path}.errorRateThreshold`, `expected a failure ratio above 0 and at most 1, got ${describe(o.errorRateThreshold)}`);
    errorRateThreshold = d.errorRateThreshold;
  }
  return {
    failureThreshold: c.int(o.failureThreshold, `${path}.failureThreshold`, d.failureThreshold, 1, 1_000_000),
    errorRateThreshold,
    windowMs: c.int(o.windowMs, `${path}.windowMs`, d.windowMs, 100, DAY_MS),
    minSamples: c.int(o.minSamples, `${path}.minSamples`, d.minSamples, 1, 1_000_000),
    cooldownMs: c.int(o.cooldownMs, `${path}.cooldownMs`, d.cooldownMs, 0, DAY_MS),
    halfOpenMaxProbes: c.int(o.halfOpenMaxProbes, `${path}.halfOpenMaxProbes`, d.halfOpenMaxProbes, 1, 1000),
    halfOpenSuccessesToClose: c.int(o.halfOpenSuccessesToClose, `${path}.halfOpenSuccessesToClose`, d.halfOpenSuccessesToClose, 1, 1000),
  };
}

const ROUTING_FIELDS = [...REQUEST_CLASSES, 'longContextThreshold', 'modelMap', 'sessionAffinity', 'maxAttempts', 'deadlineMs'] as const;

function resolveRouting(c: Checker, v: unknown, providers: ProviderConfig[]): RoutingConfig {
  const d = CONFIG_DEFAULTS.routing;
  const byId = new Map(providers.map((p) => [p.id, p]));
  const o = c.object(v, 'routing', ROUTING_FIELDS);
  const classes: Partial<Record<RequestClass, TargetList>> = {};
  for (const cls of REQUEST_CLASSES) {
    if (o[cls] !== undefined) classes[cls] = resolveTargetList(c, o[cls], `routing.${cls}`, byId);
  }
  if (o.default === undefined && v !== undefined) c.problem('routing.default', 'missing: the list of targets used when no other rule matches');
  const modelMap: ModelMapEntry[] = [];
  if (o.modelMap !== undefined) {
    const mm = isObj(o.modelMap) ? o.modelMap : (c.problem('routing.modelMap', 'expected an object of model globs'), {});
    for (const [pattern, route] of Object.entries(mm)) {
      const path = `routing.modelMap[${JSON.stringify(pattern)}]`;
      if (typeof route === 'string' && (REQUEST_CLASSES as readonly string[]).includes(route)) {
        modelMap.push({ pattern, route: { kind: 'class', class: route as RequestClass } });
      } else if (typeof route === 'string' && !route.includes('/')) {
        c.problem(path, `expected a class (${REQUEST_CLASSES.join(', ')}), a "provider/model" target or a target list`);
      } else {
        modelMap.push({ pattern, route: { kind: 'targets', list: resolveTargetList(c, typeof route === 'string' ? [route] : route, path, byId) } });
      }
    }
  }
  return {
    classes: { ...classes, default: classes.default ?? { targets: [], strategy: 'failover' } },
    longContextThreshold: c.int(o.longContextThreshold, 'routing.longContextThreshold', d.longContextThreshold, 1),
    modelMap,
    sessionAffinity: c.bool(o.sessionAffinity, 'routing.sessionAffinity', d.sessionAffinity),
    maxAttempts: c.int(o.maxAttempts, 'routing.maxAttempts', d.maxAttempts, 1, 100),
    deadlineMs: c.int(o.deadlineMs, 'routing.deadlineMs', d.deadlineMs, 1),
  };
}

function resolveTargetList(c: Checker, v: unknown, path: string, byId: Map<string, ProviderConfig>): TargetList {
  let targetsRaw: unknown = v;
  let strategy: RouteStrategy = 'failover';
  let listPath = path;
  if (isObj(v)) {
    const o = c.object(v, path, ['targets', 'strategy']);
    targetsRaw = o.targets;
    listPath = `${path}.targets`;
    strategy = c.oneOf(o.strategy, `${path}.strategy`, 'failover', STRATEGIES);
  }
  if (!Array.isArray(targetsRaw) || targetsRaw.length === 0) {
    c.problem(listPath, `expected a non-empty array of "provider/model" targets, got ${describe(targetsRaw)}`);
    return { targets: [], strategy };
  }
  const targets: Target[] = [];
  targetsRaw.forEach((t, i) => {
    const p = `${listPath}[${i}]`;
    const parsed = typeof t === 'string' ? parseTarget(t) : undefined;
    if (!parsed) {
      c.problem(p, `expected "provider/model", got ${describe(t)}`);
      return;
    }
    if (!byId.has(parsed.providerId)) {
      c.problem(p, `unknown provider "${parsed.providerId}" (configured: ${[...byId.keys()].join(', ') || 'none'})`);
      return;
    }
    targets.push(parsed);
  });
  return { targets, strategy };
}

/** `provider/model`, split at the first `/` (model ids may contain `/`). */
export function parseTarget(s: string): Target | undefined {
  const slash = s.indexOf('/');
  if (slash <= 0 || slash === s.length - 1) return undefined;
  return { providerId: s.slice(0, slash), model: s.slice(slash + 1) };
}
