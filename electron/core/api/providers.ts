/** Providers: list, get, add (from a preset or custom), update, remove, enable and disable. */
import type { ApiHandlers } from '../../../shared/api/client';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { SYNTHETIC_PROVIDER_ID } from '../../../shared/config/defaults';
import type { ConfigDoc, ProviderDoc } from '../../../shared/config/schema';
import { baseUrlPlaceholders, fillBaseUrl, findPreset } from '../providers/presets/index';
import type { ApiContext } from './context';
import { badInput, conflict, notFound, scopedToInput } from './errors';
import { accountOf, forgetKeys, storeKeys } from './key-storage';
import { mergePatch } from './merge-patch';
import { listTargets, providerView, routesUsing } from './views';

type Handlers = Pick<ApiHandlers, 'listProviders' | 'getProvider' | 'addProvider' | 'updateProvider' | 'removeProvider' | 'setProviderEnabled'>;

export function viewOf(ctx: ApiContext, id: string): ProviderView {
  const config = ctx.core.config();
  const p = config.providers.find((x) => x.id === id);
  if (!p) throw notFound(`no provider "${id}"`);
  return providerView(config, p, ctx.core.health().providers);
}

function docIndex(doc: ConfigDoc, id: string): number {
  const i = doc.providers.findIndex((p) => p.id === id);
  if (i < 0) throw notFound(`no provider "${id}"`);
  return i;
}

/** A free id derived from `base` (`deepseek`, `deepseek-2`, …). */
function freeId(doc: ConfigDoc, base: string): string {
  const taken = new Set(doc.providers.map((p) => p.id));
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'provider';
  if (!taken.has(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** True while the default route is still the first-run one (only the built-in synthetic provider). */
function defaultIsBuiltIn(doc: ConfigDoc): boolean {
  const t = listTargets(doc.routing.default);
  return t.length > 0 && t.every((x) => x.startsWith(`${SYNTHETIC_PROVIDER_ID}/`));
}

/** Takes a provider's targets out of every route; refuses when a required list would be left empty. */
function removeFromRoutes(doc: ConfigDoc, id: string): { doc: ConfigDoc; changed: string[] } {
  const changed = routesUsing(doc.routing, id);
  const keep = (t: string) => !t.startsWith(`${id}/`);
  const strip = <L>(list: L): L | undefined => {
    if (list === undefined) return undefined;
    const targets = listTargets(list as never).filter(keep);
    if (targets.length === 0) return undefined;
    return (Array.isArray(list) ? targets : { ...(list as object), targets }) as L;
  };
  const r: Record<string, unknown> = { ...doc.routing };
  for (const path of changed) {
    const cls = path.slice('routing.'.length);
    if (!cls.startsWith('modelMap')) r[cls] = strip(r[cls]);
  }
  if (r.default === undefined) throw conflict(`"${id}" is the only target of routing.default; add another target there first`, 'id');
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  if (doc.routing.modelMap) {
    r.modelMap = doc.routing.modelMap.flatMap((e) => {
      if (typeof e.route === 'string') return e.route.startsWith(`${id}/`) ? [] : [e];
      const route = strip(e.route);
      return route === undefined ? [] : [{ ...e, route }];
    });
  }
  return { doc: { ...doc, routing: r as ConfigDoc['routing'] }, changed };
}

export function providerHandlers(ctx: ApiContext): Handlers {
  return {
    async listProviders() {
      const config = ctx.core.config();
      const health = ctx.core.health().providers;
      return config.providers.map((p) => providerView(config, p, health));
    },

    async getProvider({ id }) {
      return viewOf(ctx, id);
    },

    async addProvider(input, call) {
      const { id: wantedId, preset: presetId, params, apiKeys, makeDefault, ...fields } = input;
      const preset = presetId === undefined ? undefined : findPreset(presetId);
      if (presetId !== undefined && !preset) throw badInput(`unknown preset "${presetId}" (list them with GET /api/v1/presets)`, 'preset');
      const current = ctx.store.current().doc;
      if (wantedId !== undefined && current.providers.some((p) => p.id === wantedId)) throw conflict(`a provider "${wantedId}" already exists`, 'id');
      const id = wantedId ?? freeId(current, preset?.id ?? fields.name ?? 'provider');
      const doc: ProviderDoc = { id, ...(preset ? { preset: preset.id } : {}), ...fields };
      if (preset && doc.baseUrl === undefined && preset.baseUrl.includes('{')) {
        const names = baseUrlPlaceholders(preset.baseUrl);
        const missing = names.find((n) => !params?.[n]);
        if (missing) throw badInput(`preset "${preset.id}" needs ${names.map((n) => `params.${n}`).join(' and ')} (${preset.baseUrl})`, `params.${missing}`);
        try {
          doc.baseUrl = fillBaseUrl(preset.baseUrl, params!);
        } catch (err) {
          throw badInput((err as Error).message, `params.${missing ?? names[0]}`);
        }
      }
      const keys = await storeKeys(ctx.secrets, id, apiKeys ?? []);
      if (keys.refs.length > 0) doc.apiKeys = keys.refs;
      const firstModel = fields.models?.[0] ?? preset?.models[0]?.id;
      try {
        await ctx.store.update((d) => {
          const next: ConfigDoc = { ...d, providers: [...d.providers, doc] };
          const promote = makeDefault ?? defaultIsBuiltIn(d);
          if (promote && firstModel !== undefined) {
            const target = `${id}/${firstModel}`;
            const list = d.routing.default;
            next.routing = { ...d.routing, default: Array.isArray(list) ? [target, ...list] : { ...list, targets: [target, ...list.targets] } };
          }
          return next;
        }, call.actor);
      } catch (err) {
        await keys.rollback();
        throw scopedToInput(err, `providers[${current.providers.length}].`, '');
      }
      return viewOf(ctx, id);
    },

    async updateProvider({ id, patch }, call) {
      if ('id' in patch && patch.id !== id) throw badInput('a provider id cannot be changed; add a new provider instead', 'patch.id');
      const before = ctx.store.current().doc.providers.find((p) => p.id === id);
      if (!before) throw notFound(`no provider "${id}"`);
      const rawKeys = patch.apiKeys;
      let keys: Awaited<ReturnType<typeof storeKeys>> | undefined;
      if (Array.isArray(rawKeys)) {
        if (!rawKeys.every((k): k is string => typeof k === 'string' && k.length > 0)) throw badInput('expected an array of keys or references', 'patch.apiKeys');
        keys = await storeKeys(ctx.secrets, id, rawKeys);
      }
      const effective = keys ? { ...patch, apiKeys: keys.refs } : patch;
      try {
        await ctx.store.update((d) => {
          const i = docIndex(d, id);
          const providers = [...d.providers];
          providers[i] = { ...mergePatch(providers[i]!, effective), id };
          return { ...d, providers };
        }, call.actor);
      } catch (err) {
        await keys?.rollback();
        const i = ctx.store.current().doc.providers.findIndex((p) => p.id === id);
        throw scopedToInput(err, `providers[${i}].`, 'patch.');
      }
      if (keys) await forgetKeys(ctx.secrets, (before.apiKeys ?? []).filter((r) => !keys.refs.includes(r)));
      return viewOf(ctx, id);
    },

    async removeProvider({ id, removeFromRoutes: strip }, call) {
      const doc = ctx.store.current().doc;
      const p = doc.providers[docIndex(doc, id)]!;
      const used = routesUsing(doc.routing, id);
      if (used.length > 0 && !strip) {
        throw conflict(`"${id}" is used by ${used.join(', ')}; remove it from those routes first (or pass removeFromRoutes)`, 'id');
      }
      let changed: string[] = [];
      await ctx.store.update((d) => {
        const stripped = used.length > 0 ? removeFromRoutes(d, id) : { doc: d, changed: [] };
        changed = stripped.changed;
        return { ...stripped.doc, providers: stripped.doc.providers.filter((x) => x.id !== id) };
      }, call.actor);
      await forgetKeys(ctx.secrets, (p.apiKeys ?? []).filter((r) => accountOf(r) !== undefined));
      return { removed: id, routesChanged: changed };
    },

    async setProviderEnabled({ id, enabled }, call) {
      await ctx.store.update((d) => {
        const i = docIndex(d, id);
        const providers = [...d.providers];
        providers[i] = { ...providers[i]!, enabled };
        return { ...d, providers };
      }, call.actor);
      return viewOf(ctx, id);
    },
  };
}
