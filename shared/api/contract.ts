/**
 * The management API, declared once: every operation's HTTP route, input schema (zod) and output
 * type. `aimux serve` serves it under /api/v1 (electron/core/api/http/), the desktop app carries the
 * same table over IPC (one channel per operation, `api:<name>`), the CLI and the dashboard call it
 * through `ApiClient`. Transports, handlers and clients are all derived from `API` below: adding an
 * operation here is a compile error until every side has it.
 *
 * Conventions: every operation takes zero or one object argument. GET and DELETE inputs are flat
 * scalars (they travel as path and query parameters; numbers and booleans are coerced); other
 * methods carry a JSON body. `:name` segments in a path are taken from the input field of that name.
 */
import { z } from 'zod';
import { configSchema, keyRefSchema, providerIdSchema, providerSchema, routingSchema } from '../config/schema';
import type { DesktopSettings, UpdateStatus } from './dto/desktop';
import type { ClaudeCodeSetupView } from './dto/integrations';
import { METRIC_GROUPS, METRIC_WINDOWS } from './dto/observability';
import type { AuditEntry, MetricsSummary, RequestLogEntry, RequestPage, SpeedTestResult, TimeSeries } from './dto/observability';
import type { AddKeyResult, KeyView, PresetView, ProviderModelsResult, ProviderTestResult, ProviderView, RoutingView } from './dto/providers';
import type { ConfigExport, ConfigImportResult, ConfigValidation, ProxyTokenStatus, SettingsView, StatusView, TokenResult } from './dto/status';
import type { HealthResponse } from '../health';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OpDef<I extends z.ZodType = z.ZodType, O = unknown> {
  method: HttpMethod;
  /** Under /api/v1, e.g. `/providers/:id`. */
  path: string;
  input: I;
  summary: string;
  /** Only the desktop app implements it; `aimux serve` answers UNSUPPORTED. */
  desktopOnly?: boolean;
  /** Phantom: carries the output type. */
  readonly output?: O;
}

const op =
  <O>() =>
  <I extends z.ZodType>(d: Omit<OpDef<I, O>, 'output'>): OpDef<I, O> =>
    d;

const none = z.strictObject({});
const id = z.strictObject({ id: providerIdSchema });
const boolish = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const count = (max: number) => z.coerce.number().int().min(1).max(max);

/** The fields of a provider that an add or a patch may set (the id is fixed once added). */
const providerFields = providerSchema.omit({ id: true });

export const API = {
  // ── meta ──────────────────────────────────────────────────────────────────────────────────────
  getStatus: op<StatusView>()({ method: 'GET', path: '/status', input: none, summary: 'Where aimux listens, its state, its data.' }),
  getHealth: op<HealthResponse>()({ method: 'GET', path: '/health', input: none, summary: 'Per-provider health (breakers, keys, latency).' }),
  setPaused: op<StatusView>()({
    method: 'POST',
    path: '/status/paused',
    input: z.strictObject({ paused: z.boolean() }),
    summary: 'Pause or resume the proxy routes (paused: they answer 503; the API keeps working).',
  }),

  // ── presets and providers ─────────────────────────────────────────────────────────────────────
  listPresets: op<PresetView[]>()({
    method: 'GET',
    path: '/presets',
    input: z.strictObject({ query: z.string().max(200).optional() }),
    summary: 'Provider presets, optionally filtered by id, name or model.',
  }),
  listProviders: op<ProviderView[]>()({ method: 'GET', path: '/providers', input: none, summary: 'Every configured provider.' }),
  getProvider: op<ProviderView>()({ method: 'GET', path: '/providers/:id', input: id, summary: 'One provider.' }),
  addProvider: op<ProviderView>()({
    method: 'POST',
    path: '/providers',
    input: providerFields.partial().extend({
      id: providerIdSchema.optional(),
      /** Values for a preset's `{placeholders}` (Azure: resource, deployment). */
      params: z.record(z.string(), z.string().min(1)).optional(),
      /** Key values or `env:` references; literal values go into the secret store. */
      apiKeys: z.array(keyRefSchema).optional(),
      /**
       * Put the provider's first model first in routing.default. Default: true while the default
       * route still only has the built-in synthetic provider (a first real provider takes over).
       */
      makeDefault: z.boolean().optional(),
    }),
    summary: 'Add a provider from a preset or custom fields.',
  }),
  updateProvider: op<ProviderView>()({
    method: 'PATCH',
    path: '/providers/:id',
    input: z.strictObject({
      id: providerIdSchema,
      /** A JSON merge patch of the provider's fields: a field set to null is removed. */
      patch: z.record(z.string(), z.unknown()),
    }),
    summary: 'Change a provider (merge patch).',
  }),
  removeProvider: op<{ removed: string; routesChanged: string[] }>()({
    method: 'DELETE',
    path: '/providers/:id',
    input: z.strictObject({ id: providerIdSchema, removeFromRoutes: boolish.optional() }),
    summary: 'Remove a provider (409 while routes use it, unless removeFromRoutes).',
  }),
  setProviderEnabled: op<ProviderView>()({
    method: 'POST',
    path: '/providers/:id/enabled',
    input: z.strictObject({ id: providerIdSchema, enabled: z.boolean() }),
    summary: 'Enable or disable a provider.',
  }),
  testProvider: op<ProviderTestResult>()({
    method: 'POST',
    path: '/providers/:id/test',
    input: z.strictObject({ id: providerIdSchema, model: z.string().min(1).optional() }),
    summary: 'A minimal real request through the same path as traffic.',
  }),
  listProviderModels: op<ProviderModelsResult>()({
    method: 'GET',
    path: '/providers/:id/models',
    input: id,
    summary: "The provider's live model list.",
  }),

  // ── keys ──────────────────────────────────────────────────────────────────────────────────────
  listKeys: op<KeyView[]>()({
    method: 'GET',
    path: '/keys',
    input: z.strictObject({ providerId: providerIdSchema.optional() }),
    summary: 'Keys by hint and state; never a value.',
  }),
  addKey: op<AddKeyResult>()({
    method: 'POST',
    path: '/providers/:providerId/keys',
    input: z.strictObject({ providerId: providerIdSchema, key: keyRefSchema }),
    summary: 'Store a key in the secret store (or add an env: reference).',
  }),
  moveLiteralKeys: op<{ moved: number }>()({
    method: 'POST',
    path: '/keys/move-to-store',
    input: none,
    summary: 'Move keys written literally in the config file into the secret store.',
  }),
  removeKey: op<{ removed: string }>()({
    method: 'DELETE',
    path: '/providers/:providerId/keys/:keyId',
    input: z.strictObject({ providerId: providerIdSchema, keyId: z.string().min(1) }),
    summary: 'Remove a key (and its secret-store entry).',
  }),

  // ── routing ───────────────────────────────────────────────────────────────────────────────────
  getRouting: op<RoutingView>()({ method: 'GET', path: '/routing', input: none, summary: 'Route lists, strategies, modelMap, thresholds.' }),
  setRouting: op<RoutingView>()({
    method: 'PUT',
    path: '/routing',
    input: z.strictObject({ routing: routingSchema }),
    summary: 'Replace the routing section (validated whole; applies to new requests at once).',
  }),

  // ── config ────────────────────────────────────────────────────────────────────────────────────
  exportConfig: op<ConfigExport>()({ method: 'GET', path: '/config/export', input: none, summary: 'The config without keys.' }),
  importConfig: op<ConfigImportResult>()({
    method: 'POST',
    path: '/config/import',
    input: z.strictObject({ config: z.unknown() }),
    summary: 'Replace the config; literal keys move into the secret store.',
  }),
  validateConfig: op<ConfigValidation>()({
    method: 'POST',
    path: '/config/validate',
    input: z.strictObject({ config: z.unknown() }),
    summary: 'Check a config document without applying it.',
  }),
  getSettings: op<SettingsView>()({ method: 'GET', path: '/settings', input: none, summary: 'Server settings.' }),
  updateSettings: op<SettingsView>()({
    method: 'PATCH',
    path: '/settings',
    input: z.strictObject({ server: configSchema.shape.server.unwrap().partial() }),
    summary: 'Change server settings (host and port apply on restart).',
  }),

  // ── tokens ────────────────────────────────────────────────────────────────────────────────────
  rotateAdminToken: op<TokenResult>()({ method: 'POST', path: '/tokens/admin/rotate', input: none, summary: 'Replace the admin token.' }),
  getProxyToken: op<ProxyTokenStatus>()({ method: 'GET', path: '/tokens/proxy', input: none, summary: 'Whether clients must present a proxy token.' }),
  rotateProxyToken: op<TokenResult>()({ method: 'POST', path: '/tokens/proxy/rotate', input: none, summary: 'Create or replace the proxy token.' }),
  removeProxyToken: op<ProxyTokenStatus>()({ method: 'DELETE', path: '/tokens/proxy', input: none, summary: 'Stop requiring a proxy token (loopback only).' }),

  // ── observability ─────────────────────────────────────────────────────────────────────────────
  getMetricsSummary: op<MetricsSummary>()({
    method: 'GET',
    path: '/metrics/summary',
    input: z.strictObject({ window: z.enum(METRIC_WINDOWS).optional(), groupBy: z.enum(METRIC_GROUPS).optional() }),
    summary: 'Requests, errors, latency, tokens and cost over a window.',
  }),
  getTimeSeries: op<TimeSeries>()({
    method: 'GET',
    path: '/metrics/series',
    input: z.strictObject({ window: z.enum(METRIC_WINDOWS).optional(), groupBy: z.enum(['provider', 'model', 'class', 'total']).optional() }),
    summary: 'Time series by provider, model or class.',
  }),
  queryRequests: op<RequestPage>()({
    method: 'GET',
    path: '/requests',
    input: z.strictObject({
      provider: z.string().optional(),
      class: z.string().optional(),
      status: z.coerce.number().int().optional(),
      outcome: z.enum(['ok', 'error', 'mid_stream_error', 'client_abort']).optional(),
      q: z.string().max(200).optional(),
      from: z.coerce.number().optional(),
      to: z.coerce.number().optional(),
      cursor: z.string().optional(),
      limit: count(1000).optional(),
    }),
    summary: 'The request log, filtered and paged.',
  }),
  getRequest: op<RequestLogEntry>()({ method: 'GET', path: '/requests/:id', input: z.strictObject({ id: z.string().min(1) }), summary: 'One request.' }),
  runSpeedTest: op<SpeedTestResult>()({
    method: 'POST',
    path: '/speedtest',
    input: z.strictObject({ providers: z.array(providerIdSchema).optional(), n: z.number().int().min(1).max(50).optional() }),
    summary: 'N short streamed requests per provider and model; progress on the event stream.',
  }),
  listSpeedTests: op<SpeedTestResult[]>()({
    method: 'GET',
    path: '/speedtest',
    input: z.strictObject({ limit: count(100).optional() }),
    summary: 'Stored speed-test results, newest first.',
  }),
  queryAudit: op<AuditEntry[]>()({
    method: 'GET',
    path: '/audit',
    input: z.strictObject({ limit: count(1000).optional(), before: z.coerce.number().int().optional() }),
    summary: 'Config changes, key additions and removals, token rotations.',
  }),

  // ── Claude Code ───────────────────────────────────────────────────────────────────────────────
  getClaudeCodeSetup: op<ClaudeCodeSetupView>()({ method: 'GET', path: '/integrations/claude-code', input: none, summary: 'Env lines, snippet and state.' }),
  applyClaudeCodeSetup: op<ClaudeCodeSetupView>()({ method: 'POST', path: '/integrations/claude-code', input: none, summary: "Merge aimux's env block into Claude Code's settings." }),
  undoClaudeCodeSetup: op<ClaudeCodeSetupView>()({ method: 'DELETE', path: '/integrations/claude-code', input: none, summary: 'Restore the previous settings file.' }),

  // ── desktop only ──────────────────────────────────────────────────────────────────────────────
  getDesktopSettings: op<DesktopSettings>()({ method: 'GET', path: '/desktop/settings', input: none, summary: 'Start at login, update channel.', desktopOnly: true }),
  updateDesktopSettings: op<DesktopSettings>()({
    method: 'PATCH',
    path: '/desktop/settings',
    input: z.strictObject({ startAtLogin: z.boolean().optional(), updateChannel: z.enum(['stable', 'beta']).optional(), allowPlaintextKeys: z.boolean().optional() }),
    summary: 'Change desktop settings.',
    desktopOnly: true,
  }),
  checkForUpdates: op<UpdateStatus>()({ method: 'POST', path: '/desktop/update/check', input: none, summary: 'Check the update feed.', desktopOnly: true }),
  restartToUpdate: op<UpdateStatus>()({
    method: 'POST',
    path: '/desktop/update/restart',
    input: none,
    summary: 'Install a downloaded update once in-flight requests finish.',
    desktopOnly: true,
  }),
} as const satisfies Record<string, OpDef>;

export type ApiMethod = keyof typeof API;
export const API_METHODS = Object.keys(API) as ApiMethod[];
export type ApiInput<K extends ApiMethod> = z.input<(typeof API)[K]['input']>;
/** The input after validation (defaults and coercions applied): what handlers receive. */
export type ApiParsedInput<K extends ApiMethod> = z.output<(typeof API)[K]['input']>;
export type ApiOutput<K extends ApiMethod> = (typeof API)[K] extends OpDef<z.ZodType, infer O> ? O : never;
