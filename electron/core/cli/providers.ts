/**
 * `aimux providers list|add|remove|enable|disable|test` and `aimux presets [query]`.
 */
import { parseArgs } from 'node:util';
import type { ProviderView } from '../../../shared/api/dto/providers';
import { presetView } from '../api/meta';
import { searchPresets } from '../providers/presets/index';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print, table } from './output';
import { UsageError } from './usage-error';

const COMMON = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;

function health(p: ProviderView): string {
  if (!p.enabled) return 'disabled';
  if (p.health.breaker !== 'closed') return `breaker ${p.health.breaker}`;
  return p.health.coolingUntil ? 'cooling' : 'ok';
}

function describeProvider(p: ProviderView): string {
  const keys = p.keys.length === 0 ? 'none' : p.keys.map((k) => `${k.hint} (${k.state})`).join(', ');
  return `${p.id}  ${p.name}${p.preset ? ` [preset ${p.preset}]` : ''}\n  ${p.protocol}  ${p.baseUrl || '(built in)'}\n  models: ${p.models.join(', ') || 'none'}\n  keys: ${keys}\n`;
}

export async function providers(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...COMMON,
      id: { type: 'string' },
      name: { type: 'string' },
      protocol: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const json = values.json ?? false;
  const conn = await connect(resolveDataDir(values['data-dir']), { quiet: json });
  try {
    const api = conn.client;
    const one = (what: string) => {
      const id = positionals[0];
      if (!id) throw new UsageError(`usage: aimux providers ${what} <provider-id>`);
      return id;
    };
    switch (sub) {
      case 'list':
      case undefined: {
        const list = await api.listProviders();
        print(json, list, () => table([['ID', 'NAME', 'PROTOCOL', 'STATE', 'MODELS', 'KEYS'], ...list.map((p) => [p.id, p.name, p.protocol, health(p), String(p.models.length), p.keys.map((k) => k.hint).join(' ') || '-'])]));
        return 0;
      }
      case 'add': {
        const preset = positionals[0];
        const params = Object.fromEntries((values.param ?? []).map((kv) => {
          const i = kv.indexOf('=');
          if (i <= 0) throw new UsageError(`--param expects name=value, got "${kv}"`);
          return [kv.slice(0, i), kv.slice(i + 1)];
        }));
        const input: Record<string, unknown> = {};
        if (preset && preset !== 'custom') input.preset = preset;
        if (values.id) input.id = values.id;
        if (values.name) input.name = values.name;
        if (values.protocol) input.protocol = values.protocol;
        if (values['base-url']) input.baseUrl = values['base-url'];
        if (values.model) input.models = values.model;
        if (Object.keys(params).length > 0) input.params = params;
        const p = await api.addProvider(input);
        print(json, p, () => `added ${describeProvider(p)}next: aimux keys add ${p.id}   then: aimux providers test ${p.id}\n`);
        return 0;
      }
      case 'remove': {
        const r = await api.removeProvider({ id: one('remove'), removeFromRoutes: values.force ?? false });
        print(json, r, () => `removed ${r.removed}${r.routesChanged.length ? ` (also from ${r.routesChanged.join(', ')})` : ''}\n`);
        return 0;
      }
      case 'enable':
      case 'disable': {
        const p = await api.setProviderEnabled({ id: one(sub), enabled: sub === 'enable' });
        print(json, p, () => `${p.id} ${p.enabled ? 'enabled' : 'disabled'}\n`);
        return 0;
      }
      case 'test': {
        const r = await api.testProvider({ id: one('test'), ...(values.model?.[0] ? { model: values.model[0] } : {}) });
        print(json, r, () => (r.ok ? `ok: ${r.model} answered in ${r.latencyMs} ms (first byte ${r.ttfbMs} ms)\n` : `failed: ${r.model}: ${r.status ? `HTTP ${r.status}: ` : ''}${r.error.message}\n`));
        return r.ok ? 0 : 1;
      }
      case 'show': {
        const p = await api.getProvider({ id: one('show') });
        print(json, p, () => describeProvider(p));
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand "providers ${sub}" (list, show, add, remove, enable, disable, test)`);
    }
  } finally {
    await conn.close();
  }
}

export async function presets(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: COMMON.json }, allowPositionals: true, strict: true });
  const query = positionals.join(' ');
  const list = searchPresets(query).map(presetView);
  print(values.json ?? false, list, () =>
    list.length === 0
      ? `no preset matches "${query}"\n`
      : table([['ID', 'NAME', 'PROTOCOL', 'BASE URL', 'MODELS'], ...list.map((p) => [p.id, p.name, p.protocol, p.baseUrl || '(built in)', p.models.map((m) => m.id).slice(0, 3).join(', ') + (p.models.length > 3 ? ', …' : '')])]) +
        (query ? '' : '\nadd one with: aimux providers add <id>\n'),
  );
  return 0;
}
