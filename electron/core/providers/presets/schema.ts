/**
 * The provider preset schema. A preset is data, not code: everything the shared adapters need to
 * talk to one provider (protocol, base URL, auth style, declared quirks) plus what a person picking
 * a provider wants to know (models, limits, prices, docs). Types are inferred from the schema, so
 * there is one definition; the preset files are checked against it by the tests.
 *
 * Rules beyond field types, checked in `superRefine` so every problem is reported with its path:
 *
 * | rule                                                                  | why                                         |
 * | --------------------------------------------------------------------- | ------------------------------------------- |
 * | `baseUrl` placeholders `{name}` and `params` name the same set         | a form can ask for every value it needs     |
 * | filled-in `baseUrl` is http(s), no query/fragment/credentials/`/` end  | the core appends its paths to it            |
 * | `anthropic` base does not end in `/v1`, `openai` not in `/chat/...`    | the core appends `/v1/messages`, `/chat/completions` |
 * | `synthetic`: empty `baseUrl`, auth `none`, no key pattern             | in-process, no network, no key              |
 * | `keyPattern` compiles, flags only `i m s u v`                          | must survive JSON/IPC; no stateful `g`/`y`  |
 * | model ids unique, `maxOutputTokens` <= `contextWindow`                 | limits the router can trust                 |
 * | `headers` carry no auth header                                         | keys never live in presets                  |
 * | `docsUrl` is an http(s) URL (a repository path for `synthetic`)        | links a person can open                     |
 */
import * as z from 'zod';
import { capabilitiesSchema, quirksSchema } from '../../../../shared/config/schema';
import type { ProviderQuirks } from '../../config/types';
import { baseUrlPlaceholders, fillBaseUrl } from './base-url';
import { compileKeyPattern, KEY_PATTERN_FLAGS } from './key-pattern';

export const PRESET_PROTOCOLS = ['anthropic', 'openai', 'openai-responses', 'synthetic'] as const;
/** `api-key`: Azure's `api-key:` header. `none`: local servers that need no key. */
export const PRESET_AUTH_STYLES = ['x-api-key', 'bearer', 'api-key', 'none'] as const;

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const AUTH_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization', 'cookie']);
const count = z.number().int().positive();
const usdPerMillion = z.number().nonnegative().finite();

export const keyPatternSchema = z
  .strictObject({ source: z.string().min(1), flags: z.string().regex(KEY_PATTERN_FLAGS, 'only the flags i, m, s, u, v').optional() })
  .readonly()
  .superRefine((p, ctx) => {
    try {
      compileKeyPattern(p);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `does not compile: ${(err as Error).message}`, path: ['source'] });
    }
  });

export const presetParamSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a placeholder name: letters, digits, _'),
    label: z.string().min(1),
    example: z.string().min(1).optional(),
  })
  .readonly();

export const modelCapabilitiesSchema = z.strictObject({ tools: z.boolean(), vision: z.boolean(), thinking: z.boolean() }).readonly();

/** USD per million tokens, only where the provider publishes it. */
export const modelPricingSchema = z
  .strictObject({ input: usdPerMillion, output: usdPerMillion, cacheRead: usdPerMillion.optional(), cacheWrite: usdPerMillion.optional() })
  .readonly();

export const presetModelSchema = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().min(1).optional(),
    contextWindow: count,
    maxOutputTokens: count,
    capabilities: modelCapabilitiesSchema,
    pricing: modelPricingSchema.optional(),
  })
  .readonly()
  .refine((m) => m.maxOutputTokens <= m.contextWindow, { message: 'maxOutputTokens exceeds contextWindow', path: ['maxOutputTokens'] });

/** A preset sets capabilities and quirks with the same fields (and checks) as a provider in the config. */
export const presetCapabilitiesSchema = capabilitiesSchema.readonly();
export const presetQuirksSchema = quirksSchema.readonly();

const presetObjectSchema = z
  .strictObject({
    id: z.string().regex(KEBAB_ID, 'kebab-case: lowercase letters and digits joined by -'),
    name: z.string().min(1),
    protocol: z.enum(PRESET_PROTOCOLS),
    baseUrl: z.string(),
    params: z.array(presetParamSchema).readonly().optional(),
    query: z.record(z.string().min(1), z.string()).readonly().optional(),
    auth: z.enum(PRESET_AUTH_STYLES),
    keyPattern: keyPatternSchema.optional(),
    modelsEndpoint: z.string().regex(/^\/[^?#\s]*$/, 'a path starting with /').optional(),
    docsUrl: z.string().min(1),
    pricingUrl: z.url({ protocol: /^https?$/ }).optional(),
    checked: z.iso.date(),
    models: z.array(presetModelSchema).readonly(),
    capabilities: presetCapabilitiesSchema.optional(),
    quirks: presetQuirksSchema.optional(),
    headers: z.record(z.string().min(1), z.string()).readonly().optional(),
    local: z.boolean().optional(),
    notes: z.string().min(1).optional(),
  })
  .readonly();

type PresetShape = z.output<typeof presetObjectSchema>;

export const providerPresetSchema = presetObjectSchema.superRefine(checkPreset);

function checkPreset(p: PresetShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const params = p.params ?? [];
  if (p.protocol === 'synthetic') {
    if (p.baseUrl !== '') issue(['baseUrl'], 'must be empty for the synthetic provider');
    if (p.auth !== 'none') issue(['auth'], 'must be "none" for the synthetic provider');
    if (p.keyPattern) issue(['keyPattern'], 'the synthetic provider takes no key');
    if (!/^[\w./-]+(#[\w-]+)?$/.test(p.docsUrl)) issue(['docsUrl'], 'expected a path in this repository');
  } else {
    checkBaseUrl(p, params, issue);
    if (!z.url({ protocol: /^https?$/ }).safeParse(p.docsUrl).success) issue(['docsUrl'], 'expected an http(s) URL');
  }
  const ids = new Set<string>();
  p.models.forEach((m, i) => {
    if (ids.has(m.id)) issue(['models', i, 'id'], `duplicate model id "${m.id}"`);
    ids.add(m.id);
  });
  for (const name of Object.keys(p.headers ?? {})) {
    if (AUTH_HEADERS.has(name.toLowerCase())) issue(['headers', name], 'auth headers come from the key, never from a preset');
  }
}

function checkBaseUrl(p: PresetShape, params: readonly { name: string; example?: string | undefined }[], issue: (path: (string | number)[], message: string) => void): void {
  const placeholders = baseUrlPlaceholders(p.baseUrl);
  const names = params.map((x) => x.name);
  for (const n of placeholders) if (!names.includes(n)) issue(['params'], `baseUrl placeholder {${n}} has no entry in params`);
  names.forEach((n, i) => {
    if (!placeholders.includes(n)) issue(['params', i, 'name'], `"${n}" is not a placeholder in baseUrl`);
  });
  let url: URL;
  try {
    const example = (n: string) => params.find((x) => x.name === n)?.example ?? 'example';
    url = new URL(fillBaseUrl(p.baseUrl, Object.fromEntries(placeholders.map((n) => [n, example(n)]))));
  } catch {
    issue(['baseUrl'], 'expected an http(s) URL (with placeholders filled in from the params examples)');
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') issue(['baseUrl'], 'expected an http(s) URL');
  if (url.search || url.hash || p.baseUrl.includes('?')) issue(['baseUrl'], 'no query or fragment (fixed query parameters go in "query")');
  if (url.username || url.password) issue(['baseUrl'], 'no credentials in the URL');
  if (p.baseUrl.endsWith('/')) issue(['baseUrl'], 'no trailing slash');
  if (p.protocol === 'anthropic' && /\/v1$/.test(p.baseUrl)) issue(['baseUrl'], 'the core appends /v1/messages; drop the trailing /v1');
  if (p.protocol === 'openai' && /\/chat\/completions$/.test(p.baseUrl)) issue(['baseUrl'], 'the core appends /chat/completions; drop it');
}

export type PresetProtocol = (typeof PRESET_PROTOCOLS)[number];
export type PresetAuthStyle = (typeof PRESET_AUTH_STYLES)[number];
export type KeyPattern = z.infer<typeof keyPatternSchema>;
export type PresetParam = z.infer<typeof presetParamSchema>;
export type PresetModel = z.infer<typeof presetModelSchema>;
export type ModelPricing = z.infer<typeof modelPricingSchema>;
export type PresetCapabilities = z.infer<typeof presetCapabilitiesSchema>;
export type PresetQuirks = z.infer<typeof presetQuirksSchema>;
export type ProviderPreset = z.infer<typeof providerPresetSchema>;

/** Compile-time guard: the quirks a preset may declare are exactly the ones the core understands. */
const quirksMatchCore: [Required<PresetQuirks>] extends [Readonly<ProviderQuirks>]
  ? [Readonly<ProviderQuirks>] extends [Required<PresetQuirks>]
    ? true
    : never
  : never = true;
