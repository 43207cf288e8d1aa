/**
 * The config file, declared once with zod: TypeScript types, validation, defaults and the published
 * JSON Schema (`aimux config schema`, written to dist/config.schema.json by the build) all derive
 * from it; the management API and the dashboard's forms validate with the same schemas.
 *
 * Messages are written for people and carry no values that could be keys: a key reference that
 * fails is reported by its path only. Cross-field rules (unique ids, routes to configured providers,
 * presets, key references) need the environment and the preset list, so the core checks them
 * (electron/core/config/resolve.ts). This file holds the current version's format; older files are
 * migrated first (electron/core/config/migrate.ts).
 */
import { z } from 'zod';
import {
  AUTH_STYLES,
  CONFIG_DEFAULTS,
  CONFIG_VERSION,
  PROVIDER_PROTOCOLS,
  REQUEST_CLASSES,
  ROUTE_STRATEGIES,
  SECRET_SCAN_MODES,
  parseTarget,
} from './defaults';

/** How a value is named in a message: short, and never a long string (it could be a key). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? 'a string' : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

type Issue = { input?: unknown; code?: string };
const expected = (what: string, missing = 'missing') => (iss: Issue) =>
  iss.input === undefined && iss.code === 'invalid_type' ? missing : `expected ${what}, got ${describeValue(iss.input)}`;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error = expected(`an integer from ${min} to ${max}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const num = (min: number) => {
  const error = expected(`a number ≥ ${min}`);
  return z.number({ error }).min(min, { error });
};
const bool = () => z.boolean({ error: expected('true or false') });
const str = () => z.string({ error: expected('a string') });
const nonEmpty = () => {
  const error = expected('a non-empty string');
  return z.string({ error }).min(1, { error });
};
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, missing?: string) =>
  z.enum(values, { error: expected(`one of ${values.map((v) => `"${v}"`).join(', ')}`, missing) });

/** A strict object: unknown fields are errors that list the allowed ones (a typo is never ignored). */
function obj<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field (allowed: ${allowed})` : expected('an object')(iss)),
  });
}

const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ENV_REF = /^env:[A-Za-z_][A-Za-z0-9_]*$/;
const KEYCHAIN_REF = /^keychain:[A-Za-z0-9._-]{1,128}$/;

export const providerIdSchema = nonEmpty().regex(PROVIDER_ID, { error: 'use letters, digits, ".", "_" or "-" (no "/")' });

export const baseUrlSchema = z.string({ error: expected('an http(s) URL') }).superRefine((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a valid URL: ${describeValue(v)}` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `expected http: or https:, got ${url.protocol}` });
  if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a query or fragment (use "query")' });
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain credentials; use apiKeys' });
});

/**
 * A key reference: `env:NAME`, `keychain:<account>` (added through the API or CLI), or, still
 * accepted, a literal key (`aimux config` offers to move it into the keychain).
 */
export const keyRefSchema = nonEmpty()
  .refine((v) => !/[\r\n\0]/.test(v) && v.trim() === v, { error: 'key contains whitespace or control characters' })
  .refine((v) => !v.startsWith('env:') || ENV_REF.test(v), { error: 'not a valid environment variable reference (env:NAME)' })
  .refine((v) => !v.startsWith('keychain:') || KEYCHAIN_REF.test(v), { error: 'not a valid keychain reference (keychain:<account>)' });

export const headersSchema = z
  .record(z.string(), z.unknown(), { error: expected('an object of header names to values') })
  .superRefine((h, ctx) => {
    for (const [k, v] of Object.entries(h)) {
      if (!HEADER_NAME.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: 'not a valid header name' });
      else if (typeof v !== 'string' || /[\r\n\0]/.test(v)) ctx.addIssue({ code: 'custom', path: [k], message: 'expected a single-line string' });
    }
  });

export const timeoutsSchema = obj({
  connectMs: int(1).optional().meta({ description: 'TCP/TLS connect', default: CONFIG_DEFAULTS.provider.timeouts.connectMs }),
  firstByteMs: int(1).optional().meta({ description: 'until the response headers arrive', default: CONFIG_DEFAULTS.provider.timeouts.firstByteMs }),
  idleMs: int(1).optional().meta({ description: 'longest silence between two body chunks', default: CONFIG_DEFAULTS.provider.timeouts.idleMs }),
  responseMs: int(1)
    .optional()
    .meta({ description: 'whole-answer limit for non-streaming upstream calls (quirks.streaming false)', default: CONFIG_DEFAULTS.provider.timeouts.responseMs }),
});

const DAY_MS = 86_400_000;
const B = CONFIG_DEFAULTS.provider.breaker;
const ratio = () => {
  const error = expected('a failure ratio above 0 and at most 1');
  return z.number({ error }).gt(0, { error }).max(1, { error });
};

export const breakerSchema = obj({
  failureThreshold: int(1, 1_000_000).optional().meta({ description: 'consecutive failures that open the breaker', default: B.failureThreshold }),
  errorRateThreshold: ratio().optional().meta({ description: 'failure ratio in the window that opens it', default: B.errorRateThreshold }),
  windowMs: int(100, DAY_MS).optional().meta({ default: B.windowMs }),
  minSamples: int(1, 1_000_000).optional().meta({ description: 'outcomes in the window before the ratio counts', default: B.minSamples }),
  cooldownMs: int(0, DAY_MS).optional().meta({ description: 'open → half-open after this long', default: B.cooldownMs }),
  halfOpenMaxProbes: int(1, 1000).optional().meta({ default: B.halfOpenMaxProbes }),
  halfOpenSuccessesToClose: int(1, 1000).optional().meta({ default: B.halfOpenSuccessesToClose }),
});

export const capabilitiesSchema = obj({
  tools: bool().optional(),
  vision: bool().optional(),
  thinking: bool().optional().meta({ description: 'anthropic: accepts `thinking`; openai: accepts `reasoning_effort`' }),
  maxContextTokens: int(0).optional().meta({ description: 'largest input the models take; 0 = unknown' }),
  webSearch: bool().optional().meta({ description: 'runs Anthropic server tools (web_search, web_fetch); default true for anthropic providers' }),
});

export const quirksSchema = obj({
  reasoningField: oneOf(['reasoning_content', 'reasoning']).optional(),
  echoReasoning: bool().optional(),
  maxTokensField: oneOf(['max_tokens', 'max_completion_tokens']).optional(),
  thinkTags: bool().optional().meta({ description: '<think>/<thinking> at the start of text output becomes a thinking block (default: on for openai providers)' }),
  textToolCalls: bool().optional().meta({ description: 'tool calls written as text (<tool_call> or fenced JSON) become real tool calls' }),
  stripSchemaKeywords: z.array(nonEmpty(), { error: expected('an array of JSON-schema keywords') }).optional().meta({ description: 'JSON-schema keywords removed from tool and output schemas' }),
  streaming: bool().optional().meta({ description: 'false: the provider cannot stream; non-streaming requests go upstream whole, bounded by timeouts.responseMs', default: true }),
});

export const pricingSchema = obj({
  input: num(0).meta({ description: 'USD per million input tokens' }),
  output: num(0).meta({ description: 'USD per million output tokens' }),
  cacheRead: num(0).optional(),
  cacheWrite: num(0).optional(),
});

/** What aimux knows about one model: from its preset, overridable per provider. */
export const modelInfoSchema = obj({
  contextWindow: int(1).optional(),
  maxOutputTokens: int(1).optional(),
  pricing: pricingSchema.optional(),
  capabilities: obj({ tools: bool().optional(), vision: bool().optional(), thinking: bool().optional() }).optional(),
});

export const providerSchema = obj({
  id: providerIdSchema,
  name: str().optional().meta({ description: 'display name' }),
  preset: nonEmpty().optional().meta({ description: 'a preset id (`aimux presets`); every other field overrides it' }),
  protocol: oneOf(PROVIDER_PROTOCOLS, `missing (one of ${PROVIDER_PROTOCOLS.map((p) => `"${p}"`).join(', ')})`).optional(),
  baseUrl: baseUrlSchema.optional(),
  query: z.record(z.string(), z.string({ error: expected('a string') }), { error: expected('an object of query parameters') }).optional(),
  apiKeys: z.array(keyRefSchema, { error: expected('an array of "env:NAME" references or keys') }).optional(),
  models: z.array(nonEmpty(), { error: expected('an array of strings') }).optional(),
  modelInfo: z.record(z.string(), modelInfoSchema, { error: expected('an object of model ids') }).optional(),
  auth: oneOf(AUTH_STYLES).optional(),
  headers: headersSchema.optional(),
  enabled: bool().optional().meta({ default: CONFIG_DEFAULTS.provider.enabled }),
  weight: num(0).optional().meta({ default: CONFIG_DEFAULTS.provider.weight }),
  maxConcurrent: int(0).optional().meta({ description: '0 = unlimited', default: CONFIG_DEFAULTS.provider.maxConcurrent }),
  queueSize: int(0, 10_000).optional().meta({ default: CONFIG_DEFAULTS.provider.queueSize }),
  timeouts: timeoutsSchema.optional(),
  capabilities: capabilitiesSchema.optional(),
  quirks: quirksSchema.optional(),
  breaker: breakerSchema.optional(),
});

const targetSchema = z.string({ error: expected('"provider/model"') }).refine((s) => parseTarget(s) !== undefined, {
  error: (iss) => `expected "provider/model", got ${describeValue(iss.input)}`,
});
const targetArray = z
  .array(targetSchema, { error: expected('a non-empty array of "provider/model" targets') })
  .min(1, { error: expected('a non-empty array of "provider/model" targets') });

export const targetListSchema = z.union([targetArray, obj({ targets: targetArray, strategy: oneOf(ROUTE_STRATEGIES).optional() })], {
  error: expected('a non-empty array of "provider/model" targets'),
});

const CLASS_OR_TARGET = `a class (${REQUEST_CLASSES.join(', ')}), a "provider/model" target or a target list`;
export const modelMapEntrySchema = obj({
  match: nonEmpty().meta({ description: 'a model-name glob (`*`, `?`), case-insensitive' }),
  route: z.union(
    [
      z.enum(REQUEST_CLASSES),
      z.string().refine((s) => parseTarget(s) !== undefined, { error: (iss) => `expected ${CLASS_OR_TARGET}, got ${describeValue(iss.input)}` }),
      targetListSchema,
    ],
    { error: expected(CLASS_OR_TARGET) },
  ),
});

const classLists = Object.fromEntries(REQUEST_CLASSES.map((c) => [c, targetListSchema.optional()])) as Record<
  (typeof REQUEST_CLASSES)[number],
  z.ZodOptional<typeof targetListSchema>
>;

export const routingSchema = obj({
  ...classLists,
  default: targetListSchema.meta({ description: 'the targets used when no other rule matches' }),
  longContextThreshold: int(1).optional().meta({ default: CONFIG_DEFAULTS.routing.longContextThreshold }),
  modelMap: z.array(modelMapEntrySchema, { error: expected('an array of {match, route} entries') }).optional(),
  sessionAffinity: bool().optional().meta({ default: CONFIG_DEFAULTS.routing.sessionAffinity }),
  maxAttempts: int(1, 100).optional().meta({ default: CONFIG_DEFAULTS.routing.maxAttempts }),
  deadlineMs: int(1).optional().meta({ default: CONFIG_DEFAULTS.routing.deadlineMs }),
});

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;
const L = CONFIG_DEFAULTS.server.limits;
export const limitsSchema = obj({
  maxHeaderBytes: int(1024, 1024 * 1024).optional().meta({ description: 'request line and headers (431 beyond)', default: L.maxHeaderBytes }),
  headersTimeoutMs: int(100).optional().meta({ description: 'to receive the request line and headers (408 beyond)', default: L.headersTimeoutMs }),
  requestTimeoutMs: int(100).optional().meta({ description: 'to receive a whole request, body included (408 beyond)', default: L.requestTimeoutMs }),
  idleTimeoutMs: int(100).optional().meta({ description: 'silence allowed from a client: between requests on a kept-alive connection and within a request body', default: L.idleTimeoutMs }),
  maxConnections: int(1).optional().meta({ description: 'concurrent client connections (503 beyond, then refused)', default: L.maxConnections }),
  maxRequestsPerConnection: int(0).optional().meta({ description: 'requests on one kept-alive connection before it is closed; 0 = unlimited', default: L.maxRequestsPerConnection }),
});

export const serverSchema = obj({
  host: nonEmpty().optional().meta({ default: CONFIG_DEFAULTS.server.host }),
  port: int(0, 65535).optional().meta({ default: CONFIG_DEFAULTS.server.port }),
  maxBodyBytes: int(1024).optional().meta({ default: CONFIG_DEFAULTS.server.maxBodyBytes }),
  shutdownGraceMs: int(0).optional().meta({ default: CONFIG_DEFAULTS.server.shutdownGraceMs }),
  pingIntervalMs: int(100).optional().meta({ default: CONFIG_DEFAULTS.server.pingIntervalMs }),
  responseStoreSize: int(0, 100_000).optional().meta({ description: 'Responses API: recent responses kept for previous_response_id (applies on restart)', default: CONFIG_DEFAULTS.server.responseStoreSize }),
  allowedOrigins: z
    .array(z.string({ error: expected('an origin such as "https://app.example"') }).regex(ORIGIN, { error: 'expected an origin: scheme://host[:port], no path' }), { error: expected('an array of origins') })
    .optional()
    .meta({ description: 'web pages (exact origins) allowed to call the proxy routes from a browser; none by default' }),
  limits: limitsSchema.optional(),
});

export const securitySchema = obj({
  secretScan: oneOf(SECRET_SCAN_MODES)
    .optional()
    .meta({ description: 'secrets in what is sent upstream: off, warn (recorded in the request log), redact (replaced before sending)', default: CONFIG_DEFAULTS.security.secretScan }),
});

const OBS = CONFIG_DEFAULTS.observability;
export const observabilitySchema = obj({
  enabled: bool().optional().meta({ description: 'metrics, the request log and live request events (the audit log is kept either way)', default: OBS.enabled }),
  requestLog: obj({
    maxRows: int(0).optional().meta({ description: 'requests kept in the history; older ones are pruned (0 = none kept)', default: OBS.requestLog.maxRows }),
    maxAgeDays: int(1, 3650).optional().meta({ description: 'days a request stays in the history', default: OBS.requestLog.maxAgeDays }),
  }).optional(),
  captureBodies: bool().optional().meta({ description: 'debug capture: keep request and response bodies (redacted, capped) in the request log', default: OBS.captureBodies }),
  captureMaxBytes: int(256, 16 * 1024 * 1024).optional().meta({ description: 'cap per captured body', default: OBS.captureMaxBytes }),
});

export const configSchema = obj({
  $schema: str().optional(),
  version: z.literal(CONFIG_VERSION, { error: expected(`${CONFIG_VERSION}`) }).optional(),
  server: serverSchema.optional(),
  providers: z.array(providerSchema, { error: expected('an array of providers') }),
  routing: routingSchema,
  security: securitySchema.optional(),
  observability: observabilitySchema.optional(),
}).meta({ title: 'aimux config', description: 'https://github.com/aimux/aimux#configuration' });

export type ConfigDoc = z.infer<typeof configSchema>;
export type ProviderDoc = z.infer<typeof providerSchema>;
export type RoutingDoc = z.infer<typeof routingSchema>;
export type TargetListDoc = z.infer<typeof targetListSchema>;
export type ModelMapEntryDoc = z.infer<typeof modelMapEntrySchema>;
export type ModelInfoDoc = z.infer<typeof modelInfoSchema>;
export type ObservabilityDoc = z.infer<typeof observabilitySchema>;
