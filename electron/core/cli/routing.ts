/** `aimux routing show`: every class's effective target list and strategy, the modelMap and thresholds. */
import { parseArgs } from 'node:util';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print, table } from './output';
import { UsageError } from './usage-error';

export async function routing(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== undefined && sub !== 'show') throw new UsageError(`unknown subcommand "routing ${sub}" (show; change routing in the dashboard, the API or the config file)`);
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } }, strict: true });
  const json = values.json ?? false;
  const conn = await connect(resolveDataDir(values['data-dir']), { quiet: json });
  try {
    const r = await conn.client.getRouting();
    print(json, r, () => {
      const rows = Object.entries(r.classes).map(([cls, l]) => [cls, l.own ? l.strategy : `(default)`, l.own ? l.targets.join(', ') : '→ default']);
      const map = (r.doc.modelMap ?? []).map((e) => `  ${e.match} → ${typeof e.route === 'string' ? e.route : Array.isArray(e.route) ? e.route.join(', ') : e.route.targets.join(', ')}`);
      const d = r.doc;
      return (
        table([['CLASS', 'STRATEGY', 'TARGETS'], ...rows]) +
        (map.length ? `modelMap (first match wins):\n${map.join('\n')}\n` : 'modelMap: none\n') +
        `longContextThreshold ${d.longContextThreshold ?? r.defaults.longContextThreshold}, maxAttempts ${d.maxAttempts ?? r.defaults.maxAttempts}, ` +
        `deadlineMs ${d.deadlineMs ?? r.defaults.deadlineMs}, sessionAffinity ${d.sessionAffinity ?? r.defaults.sessionAffinity}\n`
      );
    });
    return 0;
  } finally {
    await conn.close();
  }
}
