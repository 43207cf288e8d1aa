/**
 * The audit log's entries: who changed what, never key material. Config changes come from the
 * config store (its actor says api, cli, ui or file); key additions and removals and token
 * rotations from wrapping those API operations, so any implementation of them is audited the same.
 *
 * | source                              | action            | detail (example)                                       |
 * | ----------------------------------- | ----------------- | ------------------------------------------------------ |
 * | a config applied (API, CLI, UI)     | `config.change`   | `provider added: glm; routing changed`                 |
 * | an edit of the file on disk         | `config.reload`   | `provider changed: glm (models, weight)`               |
 * | addKey                              | `key.add`         | `glm: key glm#a1b2c3 (sk-…a1b2) in the secret store`   |
 * | removeKey                           | `key.remove`      | `glm: key glm#a1b2c3 (sk-…a1b2)`                       |
 * | moveLiteralKeys                     | `key.move`        | `3 literal key(s) moved into the secret store`         |
 * | rotateAdminToken / rotateProxyToken | `token.rotate`    | `admin token` / `proxy token`                          |
 * | removeProxyToken                    | `token.remove`    | `proxy token`                                          |
 */
import type { ApiHandlers, CallContext } from '../../../shared/api/client';
import type { AuditEntry } from '../../../shared/api/dto/observability';
import type { ConfigDoc } from '../../../shared/config/schema';

export type AuditInput = Pick<AuditEntry, 'actor' | 'action' | 'detail'>;
export type RecordAudit = (entry: AuditInput) => void;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Names what changed between two config documents: section and provider ids and field names only. */
export function describeConfigChange(prev: ConfigDoc | undefined, next: ConfigDoc): string {
  const parts: string[] = [];
  const before = new Map((prev?.providers ?? []).map((p) => [p.id, p]));
  const after = new Map(next.providers.map((p) => [p.id, p]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  if (added.length) parts.push(`provider added: ${added.join(', ')}`);
  if (removed.length) parts.push(`provider removed: ${removed.join(', ')}`);
  for (const [id, p] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields = [...new Set([...Object.keys(old), ...Object.keys(p)])].filter((k) => !same((old as Record<string, unknown>)[k], (p as Record<string, unknown>)[k]));
    if (fields.length) parts.push(`provider changed: ${id} (${fields.sort().join(', ')})`);
  }
  for (const section of ['routing', 'server', 'observability'] as const) {
    if (!same(prev?.[section], next[section])) parts.push(`${section} changed`);
  }
  return parts.length ? parts.join('; ') : 'no effective change';
}

type Audited = Pick<ApiHandlers, 'addKey' | 'removeKey' | 'moveLiteralKeys' | 'rotateAdminToken' | 'rotateProxyToken' | 'removeProxyToken'>;

/** The handlers with key and token operations audited after they succeed. */
export function withAudit(handlers: ApiHandlers, record: RecordAudit, keyHint: (keyId: string) => string | undefined): ApiHandlers {
  type In<K extends keyof Audited> = Parameters<ApiHandlers[K]>[0];
  type Out<K extends keyof Audited> = Awaited<ReturnType<ApiHandlers[K]>>;
  /** `describe` gives [action, detail]; `before` reads what the operation is about to remove. */
  const wrap = <K extends keyof Audited>(name: K, describe: (input: In<K>, out: Out<K>, before: string | undefined) => [string, string], before?: (input: In<K>) => string | undefined) => {
    const inner = handlers[name] as unknown as (input: In<K>, ctx: CallContext) => Promise<Out<K>>;
    return async (input: In<K>, ctx: CallContext) => {
      const prior = before?.(input);
      const out = await inner(input, ctx);
      const [action, detail] = describe(input, out, prior);
      record({ actor: ctx.actor, action, detail });
      return out;
    };
  };
  const audited: Partial<Record<keyof Audited, unknown>> = {
    addKey: wrap('addKey', (i, out) => ['key.add', `${i.providerId}: key ${out.key.id} (${out.key.hint}) in the ${out.key.source === 'keychain' ? 'secret store' : out.key.source === 'env' ? 'environment' : 'config file'}`]),
    removeKey: wrap('removeKey', (i, _out, hint) => ['key.remove', `${i.providerId}: key ${i.keyId}${hint ? ` (${hint})` : ''}`], (i) => keyHint(i.keyId)),
    moveLiteralKeys: wrap('moveLiteralKeys', (_i, out) => ['key.move', `${out.moved} literal key(s) moved into the secret store`]),
    rotateAdminToken: wrap('rotateAdminToken', () => ['token.rotate', 'admin token']),
    rotateProxyToken: wrap('rotateProxyToken', () => ['token.rotate', 'proxy token']),
    removeProxyToken: wrap('removeProxyToken', () => ['token.remove', 'proxy token']),
  };
  return { ...handlers, ...(audited as Partial<ApiHandlers>) };
}
