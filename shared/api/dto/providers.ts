/** Providers, keys, presets and routing as the API shows them. Serializable data only; never a key value. */
import type { AuthStyle, ProviderProtocol, RouteStrategy } from '../../config/defaults';
import type { ProviderDoc, RoutingDoc } from '../../config/schema';
import type { KeyStateView, ProviderHealthView } from '../../health';

export interface KeyView {
  /** Stable, non-secret: `<providerId>#<suffix>`. */
  id: string;
  providerId: string;
  /** `sk-…a1b2` */
  hint: string;
  /** Where the value lives: the secret store, an environment variable, or (legacy) the config file itself. */
  source: 'keychain' | 'env' | 'literal';
  /** `env:NAME` or `keychain:<account>`; absent for literal keys. */
  ref?: string;
  state: KeyStateView;
  /** For `cooling`: epoch ms when the key is usable again. */
  until?: number;
}

export interface ModelInfoView {
  contextWindow?: number;
  maxOutputTokens?: number;
  /** USD per million tokens. */
  pricing?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

export interface ProviderView {
  id: string;
  name: string;
  preset?: string;
  protocol: ProviderProtocol;
  baseUrl: string;
  query?: Record<string, string>;
  auth: AuthStyle;
  enabled: boolean;
  models: string[];
  modelInfo: Record<string, ModelInfoView>;
  capabilities: { tools: boolean; vision: boolean; thinking: boolean; maxContextTokens: number };
  quirks: Record<string, unknown>;
  weight: number;
  maxConcurrent: number;
  queueSize: number;
  timeouts: Record<string, number>;
  /** Extra headers; values of names that look secret (auth, key, token, secret) are masked. */
  headers: Record<string, string>;
  keys: KeyView[];
  health: ProviderHealthView;
  /** The provider as written in the config (for edit forms), without `apiKeys` and with secret-looking header values masked. */
  doc: Omit<ProviderDoc, 'apiKeys'>;
  /** Where this provider's routes are: `routing.default`, `routing.modelMap[2]`, … */
  usedBy: string[];
}

export interface AddKeyResult {
  key: KeyView;
  /** e.g. the key matches another preset's key pattern (a warning, not a refusal). */
  warnings: string[];
}

export type ProviderTestResult =
  | { ok: true; model: string; status: number; latencyMs: number; ttfbMs: number; text?: string }
  | { ok: false; model: string; status?: number; latencyMs: number; error: { code: string; message: string; kind?: string } };

export interface ProviderModelsResult {
  models: string[];
  /** `upstream`: the provider's live list; `config`: the configured list (the live one failed or does not exist). */
  source: 'upstream' | 'config';
  error?: string;
}

export interface PresetModelView {
  id: string;
  name?: string;
  contextWindow: number;
  maxOutputTokens: number;
  capabilities: { tools: boolean; vision: boolean; thinking: boolean };
  pricing?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

export interface PresetView {
  id: string;
  name: string;
  protocol: ProviderProtocol | 'openai-responses';
  baseUrl: string;
  params?: Array<{ name: string; label: string; example?: string }>;
  auth: AuthStyle | 'none';
  keyPattern?: { source: string; flags?: string };
  modelsEndpoint?: string;
  docsUrl: string;
  pricingUrl?: string;
  checked: string;
  local?: boolean;
  notes?: string;
  models: PresetModelView[];
}

export interface TargetListView {
  targets: string[];
  strategy: RouteStrategy;
}

export interface RoutingView {
  /** The routing section as written (what setRouting takes back). */
  doc: RoutingDoc;
  /** Every class with its effective list (classes without their own list fall back to `default`). */
  classes: Record<string, TargetListView & { own: boolean }>;
  defaults: { longContextThreshold: number; sessionAffinity: boolean; maxAttempts: number; deadlineMs: number };
  /** Every configured `provider/model`, for pickers. */
  targets: string[];
}
