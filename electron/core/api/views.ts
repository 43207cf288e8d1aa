/** Config and health → the views the API returns. Keys appear as id, hint and state only. */
import { keyHint, parseTarget, REQUEST_CLASSES } from '../../../shared/config/defaults';
import type { ProviderDoc, RoutingDoc, TargetListDoc } from '../../../shared/config/schema';
import type { KeyView, ProviderView, RoutingView } from '../../../shared/api/dto/providers';
import type { ProviderHealthView } from '../../../shared/health';
import { CONFIG_DEFAULTS } from '../config/defaults';
import type { AimuxConfig, ProviderConfig } from '../config/types';

const SECRET_HEADER = /auth|key|token|secret|cookie|password|signature/i;

export function maskHeaders(h: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k] = SECRET_HEADER.test(k) ? keyHint(String(v)) : String(v);
  return out;
}

export function listTargets(list: TargetListDoc | undefined): string[] {
  if (list === undefined) return [];
  return Array.isArray(list) ? list : list.targets;
}

/** Where a provider appears in the routing section: `routing.default`, `routing.modelMap[2]`, … */
export function routesUsing(routing: RoutingDoc, providerId: string): string[] {
  const uses = (t: string) => parseTarget(t)?.providerId === providerId;
  const out: string[] = [];
  for (const cls of REQUEST_CLASSES) if (listTargets(routing[cls]).some(uses)) out.push(`routing.${cls}`);
  (routing.modelMap ?? []).forEach((e, i) => {
    const targets = typeof e.route === 'string' ? (e.route.includes('/') ? [e.route] : []) : listTargets(e.route);
    if (targets.some(uses)) out.push(`routing.modelMap[${i}]`);
  });
  return out;
}

export function keyViews(p: ProviderConfig, health: ProviderHealthView | undefined): KeyView[] {
  return p.apiKeys.map((k) => {
    const h = health?.keys.find((x) => x.id === k.id);
    const v: KeyView = { id: k.id, providerId: p.id, hint: k.hint, source: k.source ?? 'literal', state: h?.state ?? 'ok' };
    if (k.ref !== undefined) v.ref = k.ref;
    if (h?.until !== undefined) v.until = h.until;
    return v;
  });
}

const NO_HEALTH = (p: ProviderConfig): ProviderHealthView => ({
  id: p.id,
  enabled: p.enabled,
  breaker: 'closed',
  breakerSettings: { ...p.breaker },
  inFlight: 0,
  queued: 0,
  latencyEwmaMs: null,
  keys: [],
});

export function providerView(config: AimuxConfig, p: ProviderConfig, health: readonly ProviderHealthView[]): ProviderView {
  const h = health.find((x) => x.id === p.id) ?? NO_HEALTH(p);
  const doc = config.doc.providers.find((d) => d.id === p.id) ?? ({ id: p.id } as ProviderDoc);
  const { apiKeys: _keys, ...rest } = doc;
  const docView = rest.headers ? { ...rest, headers: maskHeaders(rest.headers) } : rest;
  const view: ProviderView = {
    id: p.id,
    name: p.name ?? p.id,
    protocol: p.protocol,
    baseUrl: p.baseUrl,
    auth: p.auth,
    enabled: p.enabled,
    models: [...p.models],
    modelInfo: structuredClone({ ...p.modelInfo }),
    capabilities: { ...p.capabilities },
    quirks: { ...p.quirks },
    weight: p.weight,
    maxConcurrent: p.maxConcurrent,
    queueSize: p.queueSize,
    timeouts: { ...p.timeouts },
    headers: maskHeaders(p.headers),
    keys: keyViews(p, h),
    health: h,
    doc: docView,
    usedBy: routesUsing(config.doc.routing, p.id),
  };
  if (p.preset !== undefined) view.preset = p.preset;
  if (p.query !== undefined) view.query = { ...p.query };
  return view;
}

export function routingView(config: AimuxConfig): RoutingView {
  const r = config.routing;
  const classes: RoutingView['classes'] = {};
  for (const cls of REQUEST_CLASSES) {
    const own = r.classes[cls];
    const list = own ?? r.classes.default;
    classes[cls] = { targets: list.targets.map((t) => `${t.providerId}/${t.model}`), strategy: list.strategy, own: own !== undefined };
  }
  const targets: string[] = [];
  for (const p of config.providers) for (const m of p.models) targets.push(`${p.id}/${m}`);
  return {
    doc: structuredClone(config.doc.routing),
    classes,
    defaults: { ...CONFIG_DEFAULTS.routing },
    targets,
  };
}
