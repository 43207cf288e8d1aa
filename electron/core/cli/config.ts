/**
 * `aimux config [validate [file] | path | export [--output F] | import <file> | schema | move-keys]`.
 * Without a subcommand: where the config is, and an offer to move keys written in it into the keychain.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { configJsonSchemaText } from '../config/json-schema';
import { parseConfigJson } from '../config/load';
import { configPathIn } from '../config/paths';
import { createConfigStore } from '../config/store';
import { writeFileAtomic } from '../files/atomic-write';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print } from './output';
import { UsageError } from './usage-error';

async function readDoc(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseConfigJson(text, path);
}

async function askYes(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function config(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, output: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const json = values.json ?? false;
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'path':
      process.stdout.write(`${configPathIn(dataDir)}\n`);
      return 0;
    case 'schema':
      process.stdout.write(configJsonSchemaText());
      return 0;
    case 'validate': {
      const path = positionals[0] ? resolve(positionals[0]) : configPathIn(dataDir);
      const store = createConfigStore({ path, env: process.env, secrets: createKeyringSecretStore(), logger: SILENT_LOGGER });
      const c = await store.check(await readDoc(path));
      print(json, { ok: true, path, providers: c.providers.length, migratedFrom: c.migratedFrom ?? null }, () =>
        `ok: ${path} (${c.providers.length} provider${c.providers.length === 1 ? '' : 's'})${c.migratedFrom ? `; written in config version ${c.migratedFrom}, saved as version 2 on the next change` : ''}\n`,
      );
      return 0;
    }
  }
  const conn = await connect(dataDir, { quiet: json });
  try {
    const api = conn.client;
    switch (sub) {
      case 'export': {
        const r = await api.exportConfig();
        const text = `${JSON.stringify(r.config, null, 2)}\n`;
        if (values.output) await writeFileAtomic(resolve(values.output), text);
        else process.stdout.write(text);
        if (r.omittedKeys > 0) process.stderr.write(`${r.omittedKeys} key(s) left out (keys never leave in an export; env: references are kept)\n`);
        return 0;
      }
      case 'import': {
        if (!positionals[0]) throw new UsageError('usage: aimux config import <file>');
        const r = await api.importConfig({ config: await readDoc(resolve(positionals[0])) });
        for (const w of r.warnings) process.stderr.write(`${w}\n`);
        print(json, r, () => `imported ${r.providers} provider(s)\n`);
        return 0;
      }
      case 'move-keys': {
        const r = await api.moveLiteralKeys();
        print(json, r, () => (r.moved ? `moved ${r.moved} key(s) into the OS keychain; the config now holds references only\n` : 'no keys are written in the config file\n'));
        return 0;
      }
      case undefined: {
        const status = await api.getStatus();
        const literal = (await api.listKeys()).filter((k) => k.source === 'literal');
        print(json, { configPath: status.configPath, source: status.configSource, literalKeys: literal.length }, () =>
          `config: ${status.configPath}${status.configSource !== status.configPath ? ` (not written yet: ${status.configSource})` : ''}\n` +
            (literal.length ? `${literal.length} key(s) are written in the config file itself (${literal.map((k) => k.hint).join(', ')})\n` : ''),
        );
        if (!json && literal.length > 0) {
          if (await askYes('Move them into the OS keychain? [y/N] ')) {
            const r = await api.moveLiteralKeys();
            process.stdout.write(`moved ${r.moved} key(s)\n`);
          } else process.stdout.write('to move them later: aimux config move-keys\n');
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand "config ${sub}" (validate, path, export, import, schema, move-keys)`);
    }
  } finally {
    await conn.close();
  }
}
