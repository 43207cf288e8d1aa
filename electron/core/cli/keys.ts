/**
 * `aimux keys add <provider> [--env NAME]`, `aimux keys list [provider]`, `aimux keys remove <provider> <key-id>`.
 * A key is read from stdin or a hidden prompt, never from the command line.
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print, table } from './output';
import { readSecret } from './read-secret';
import { UsageError } from './usage-error';

export async function keys(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, env: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const json = values.json ?? false;
  if (sub === 'add' && positionals.length > 1) {
    throw new UsageError('keys are never taken from the command line (they would stay in your shell history); pipe the key in or type it at the prompt');
  }
  const conn = await connect(resolveDataDir(values['data-dir']), { quiet: json });
  try {
    switch (sub) {
      case 'add': {
        const providerId = positionals[0];
        if (!providerId) throw new UsageError('usage: aimux keys add <provider> (the key from stdin or a hidden prompt), or --env NAME');
        await conn.client.getProvider({ id: providerId });
        const key = values.env !== undefined ? `env:${values.env}` : await readSecret(`API key for ${providerId} (input hidden): `);
        const r = await conn.client.addKey({ providerId, key });
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        print(json, r, () => `added ${r.key.hint} to ${providerId} (${r.key.source === 'keychain' ? 'stored in the OS keychain' : r.key.ref})\n`);
        return 0;
      }
      case 'list':
      case undefined: {
        const list = await conn.client.listKeys(positionals[0] ? { providerId: positionals[0] } : {});
        print(json, list, () =>
          list.length === 0 ? 'no keys\n' : table([['PROVIDER', 'KEY ID', 'HINT', 'SOURCE', 'STATE'], ...list.map((k) => [k.providerId, k.id, k.hint, k.ref ?? k.source, k.state + (k.until ? ` until ${new Date(k.until).toISOString()}` : '')])]),
        );
        return 0;
      }
      case 'remove': {
        const [providerId, keyId] = positionals;
        if (!providerId || !keyId) throw new UsageError('usage: aimux keys remove <provider> <key-id> (ids: aimux keys list)');
        const r = await conn.client.removeKey({ providerId, keyId });
        print(json, r, () => `removed ${r.removed}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand "keys ${sub}" (add, list, remove)`);
    }
  } finally {
    await conn.close();
  }
}
