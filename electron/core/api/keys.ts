/**
 * Keys: add, remove, list. A key value goes into the secret store and never comes back out through
 * the API: answers carry the key's id, hint and state only.
 */
import type { ApiHandlers } from '../../../shared/api/client';
import type { KeyView } from '../../../shared/api/dto/providers';
import { presetsMatchingKey } from '../providers/presets/index';
import type { ApiContext } from './context';
import { conflict, notFound, scopedToInput } from './errors';
import { forgetKeys, isReference, storeKeys } from './key-storage';
import { keyViews } from './views';

type Handlers = Pick<ApiHandlers, 'listKeys' | 'addKey' | 'removeKey' | 'moveLiteralKeys'>;

function provider(ctx: ApiContext, id: string) {
  const p = ctx.core.config().providers.find((x) => x.id === id);
  if (!p) throw notFound(`no provider "${id}"`, 'providerId');
  return p;
}

function views(ctx: ApiContext, id: string): KeyView[] {
  const p = provider(ctx, id);
  return keyViews(p, ctx.core.health().providers.find((h) => h.id === id));
}

export function keyHandlers(ctx: ApiContext): Handlers {
  return {
    async listKeys({ providerId }) {
      const ids = providerId !== undefined ? [provider(ctx, providerId).id] : ctx.core.config().providers.map((p) => p.id);
      return ids.flatMap((id) => views(ctx, id));
    },

    async addKey({ providerId, key }, call) {
      const p = provider(ctx, providerId);
      const warnings: string[] = [];
      if (!isReference(key)) {
        const same = p.apiKeys.find((k) => k.value === key);
        if (same) throw conflict(`this key is already on "${providerId}" (${same.hint})`, 'key');
        for (const other of presetsMatchingKey(key)) {
          if (other.id !== p.preset && other.keyPattern?.source !== undefined) {
            warnings.push(`this key looks like a ${other.name} key; check that it belongs to "${providerId}"`);
          }
        }
      } else if (ctx.store.current().doc.providers.find((d) => d.id === providerId)?.apiKeys?.includes(key)) {
        throw conflict(`"${key}" is already on "${providerId}"`, 'key');
      }
      const batch = await storeKeys(ctx.secrets, providerId, [key]);
      const ref = batch.refs[0]!;
      try {
        await ctx.store.update((d) => {
          const i = d.providers.findIndex((x) => x.id === providerId);
          if (i < 0) throw notFound(`no provider "${providerId}"`, 'providerId');
          const providers = [...d.providers];
          providers[i] = { ...providers[i]!, apiKeys: [...(providers[i]!.apiKeys ?? []), ref] };
          return { ...d, providers };
        }, call.actor);
      } catch (err) {
        await batch.rollback();
        const i = ctx.store.current().doc.providers.findIndex((d) => d.id === providerId);
        throw scopedToInput(err, `providers[${i}].apiKeys[${p.apiKeys.length}]`, 'key');
      }
      const added = views(ctx, providerId).find((k) => k.ref === ref) ?? views(ctx, providerId).at(-1)!;
      return { key: added, warnings };
    },

    async moveLiteralKeys(_input, call) {
      const doc = ctx.store.current().doc;
      const batches = await Promise.all(doc.providers.map((p) => storeKeys(ctx.secrets, p.id, p.apiKeys ?? [])));
      const moved = batches.reduce((n, b) => n + b.stored, 0);
      if (moved === 0) return { moved };
      try {
        await ctx.store.update(
          (d) => ({
            ...d,
            providers: d.providers.map((p) => {
              const i = doc.providers.findIndex((x) => x.id === p.id);
              return i >= 0 && batches[i]!.stored > 0 && JSON.stringify(p.apiKeys) === JSON.stringify(doc.providers[i]!.apiKeys) ? { ...p, apiKeys: batches[i]!.refs } : p;
            }),
          }),
          call.actor,
        );
      } catch (err) {
        await Promise.all(batches.map((b) => b.rollback()));
        throw err;
      }
      return { moved };
    },

    async removeKey({ providerId, keyId }, call) {
      const p = provider(ctx, providerId);
      const index = p.apiKeys.findIndex((k) => k.id === keyId);
      if (index < 0) throw notFound(`"${providerId}" has no key "${keyId}"`, 'keyId');
      const ref = ctx.store.current().doc.providers.find((d) => d.id === providerId)?.apiKeys?.[index];
      if (ref === undefined) throw notFound(`"${providerId}" has no key "${keyId}"`, 'keyId');
      await ctx.store.update((d) => {
        const i = d.providers.findIndex((x) => x.id === providerId);
        if (i < 0) throw notFound(`no provider "${providerId}"`, 'providerId');
        const providers = [...d.providers];
        const apiKeys = [...(providers[i]!.apiKeys ?? [])];
        const at = apiKeys.indexOf(ref);
        if (at < 0) throw notFound(`"${providerId}" has no key "${keyId}"`, 'keyId');
        apiKeys.splice(at, 1);
        const { apiKeys: _old, ...rest } = providers[i]!;
        providers[i] = apiKeys.length > 0 ? { ...rest, apiKeys } : rest;
        return { ...d, providers };
      }, call.actor);
      await forgetKeys(ctx.secrets, [ref]);
      return { removed: keyId };
    },
  };
}
