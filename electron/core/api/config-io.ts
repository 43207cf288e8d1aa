/**
 * The config as a whole: export without keys, import (literal keys move into the secret store),
 * validate without applying, and the server settings.
 */
import type { ApiHandlers } from '../../../shared/api/client';
import type { SettingsView } from '../../../shared/api/dto/status';
import { ApiError } from '../../../shared/api/errors';
import type { ConfigDoc } from '../../../shared/config/schema';
import { ConfigError } from '../config/schema';
import { migrateConfig } from '../config/migrate';
import type { ApiContext } from './context';
import { accountOf, forgetKeys, isReference, storeKeys } from './key-storage';
import type { KeyBatch } from './key-storage';

type Handlers = Pick<ApiHandlers, 'exportConfig' | 'importConfig' | 'validateConfig' | 'getSettings' | 'updateSettings'>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The document without key material: literal and keychain keys dropped, `env:` references kept. */
export function exportDoc(doc: ConfigDoc): { config: ConfigDoc; omittedKeys: number } {
  let omitted = 0;
  const providers = doc.providers.map((p) => {
    if (!p.apiKeys) return p;
    const kept = p.apiKeys.filter((k) => k.startsWith('env:'));
    omitted += p.apiKeys.length - kept.length;
    const { apiKeys: _k, ...rest } = p;
    return kept.length > 0 ? { ...rest, apiKeys: kept } : rest;
  });
  return { config: { ...doc, providers }, omittedKeys: omitted };
}

function settingsView(ctx: ApiContext): SettingsView {
  const s = ctx.core.config().server;
  const started = ctx.listenedWith();
  return { server: { ...s }, restartRequired: started !== undefined && (s.port !== started.port || s.host !== started.host) };
}

export function configHandlers(ctx: ApiContext): Handlers {
  return {
    async exportConfig() {
      return exportDoc(ctx.store.current().doc);
    },

    async importConfig({ config }, call) {
      const migrated = migrateConfig(config);
      if ('problem' in migrated) throw new ApiError('BAD_REQUEST', migrated.problem, { field: 'config.version', problems: [migrated.problem] });
      const doc = migrated.doc;
      if (!isObj(doc) || !Array.isArray(doc.providers)) {
        // Let the schema explain what is wrong with it.
        await ctx.store.check(doc);
      }
      const batches: KeyBatch[] = [];
      const warnings: string[] = [];
      const providers = await Promise.all(
        ((doc as Obj).providers as unknown[]).map(async (p) => {
          if (!isObj(p) || !Array.isArray(p.apiKeys) || typeof p.id !== 'string') return p;
          const values = p.apiKeys.filter((k): k is string => typeof k === 'string');
          if (values.every(isReference)) return p;
          const batch = await storeKeys(ctx.secrets, p.id, values);
          batches.push(batch);
          return { ...p, apiKeys: batch.refs };
        }),
      ).catch(async (err: unknown) => {
        await Promise.all(batches.map((b) => b.rollback()));
        throw err;
      });
      const before = ctx.store.current().doc;
      try {
        await ctx.store.update(() => ({ ...(doc as Obj), providers }) as ConfigDoc, call.actor);
      } catch (err) {
        await Promise.all(batches.map((b) => b.rollback()));
        throw err;
      }
      // Keychain entries the old config used and the new one does not are removed.
      const now = new Set(ctx.store.current().doc.providers.flatMap((p) => p.apiKeys ?? []));
      await forgetKeys(ctx.secrets, before.providers.flatMap((p) => p.apiKeys ?? []).filter((r) => accountOf(r) !== undefined && !now.has(r)));
      const keysMoved = batches.reduce((n, b) => n + b.stored, 0);
      if (keysMoved > 0) warnings.push(`${keysMoved} key(s) in the imported file were moved into the secret store`);
      return { providers: providers.length, keysMoved, warnings };
    },

    async validateConfig({ config }) {
      try {
        await ctx.store.check(config);
        return { ok: true, problems: [] };
      } catch (err) {
        if (err instanceof ConfigError) return { ok: false, problems: err.problems };
        throw err;
      }
    },

    async getSettings() {
      return settingsView(ctx);
    },

    async updateSettings({ server }, call) {
      await ctx.store.update((d) => ({ ...d, server: { ...d.server, ...server } }), call.actor);
      return settingsView(ctx);
    },
  };
}
