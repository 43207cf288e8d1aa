/**
 * `aimux setup codex [--default] [--model M] [--url URL] [--undo]`: makes aimux a model provider of the
 * OpenAI Codex CLI in `$CODEX_HOME/config.toml` (default `~/.codex/config.toml`).
 *
 * - Merges a `[model_providers.aimux]` table (name, base_url, and env_key when `AIMUX_PROXY_TOKEN` is set)
 *   with a TOML library that edits in place: the user's other settings, comments and layout stay as they
 *   were. An existing aimux table is replaced.
 * - Before the first change, copies the file to `config.toml.aimux-backup` (kept across later runs, so it
 *   stays the user's original).
 * - `--default` also sets `model_provider = "aimux"` and `model` (from `--model`, else the model of the
 *   first `routing.default` target), so a plain `codex` uses aimux.
 * - `--undo` puts the backup back; without a backup (there was no config before), it removes what setup
 *   added.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { PROXY_TOKEN_ENV } from './codex';
import { defaultModel, localSetup } from './proxy-discovery';
import { UsageError } from './usage-error';

type Obj = Record<string, unknown>;
type TomlPatch = typeof import('@decimalturn/toml-patch');

// Loaded on first use (require of an ES module, Node 22.12+): `aimux serve` never edits Codex's
// config unless asked, and the TOML library's code is ~330 KB that would otherwise stay in its heap.
let toml: TomlPatch | undefined;
const tomlPatch = (): TomlPatch => (toml ??= createRequire(import.meta.url)('@decimalturn/toml-patch') as TomlPatch);
const parseToml = (text: string) => tomlPatch().parse(text);
const patchToml = (text: string, doc: Obj) => tomlPatch().patch(text, doc);
const MARK = '# aimux: added by `aimux setup codex` (`aimux setup codex --undo` restores the previous file)';

export function codexConfigPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.CODEX_HOME || join(homedir(), '.codex'), 'config.toml');
}

function parse(text: string, path: string): Obj {
  try {
    return parseToml(text) as Obj;
  } catch (err) {
    throw new UsageError(`${path} is not valid TOML (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); fix it first`);
  }
}

/** `text` without aimux's provider table (and, with `alsoDefault`, without model_provider = "aimux"). */
export function withoutAimux(text: string, path: string, alsoDefault: boolean): string {
  const doc = parse(text, path);
  const providers = doc.model_providers as Obj | undefined;
  const hasTable = providers !== undefined && Object.hasOwn(providers, 'aimux');
  const isDefault = alsoDefault && doc.model_provider === 'aimux';
  if (!hasTable && !isDefault) return text;
  if (hasTable) {
    delete providers.aimux;
    if (Object.keys(providers).length === 0) delete doc.model_providers;
  }
  if (isDefault) delete doc.model_provider;
  return patchToml(text, doc).replace(`${MARK}\n`, '');
}

/** The merged config text: `text` with aimux's table (replacing an old one) and, with `model`, set as default. */
export function mergeCodexConfig(text: string, path: string, opts: { baseUrl: string; tokenEnv: boolean; defaultModel?: string | undefined }): string {
  let out = withoutAimux(text, path, false);
  if (opts.defaultModel !== undefined) {
    const doc = parse(out, path);
    doc.model_provider = 'aimux';
    doc.model = opts.defaultModel;
    out = patchToml(out, doc);
  }
  const lines = [MARK, '[model_providers.aimux]', `name = "aimux"`, `base_url = ${JSON.stringify(`${opts.baseUrl}/v1`)}`];
  if (opts.tokenEnv) lines.push(`env_key = ${JSON.stringify(PROXY_TOKEN_ENV)}`);
  const sep = out === '' ? '' : out.endsWith('\n\n') ? '' : out.endsWith('\n') ? '\n' : '\n\n';
  const merged = `${out}${sep}${lines.join('\n')}\n`;
  parse(merged, path);
  return merged;
}

export async function setupCodex(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { undo: { type: 'boolean', default: false }, default: { type: 'boolean', default: false }, model: { type: 'string' }, url: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1 || positionals[0] !== 'codex') throw new UsageError('usage: aimux setup codex [--default] [--model MODEL] [--url URL] [--undo]');
  const path = codexConfigPath();
  const backup = `${path}.aimux-backup`;
  if (values.undo) {
    if (existsSync(backup)) {
      renameSync(backup, path);
      process.stdout.write(`restored ${path} from ${backup}\n`);
    } else if (existsSync(path)) {
      writeFileSync(path, withoutAimux(readFileSync(path, 'utf8'), path, true));
      process.stdout.write(`removed aimux from ${path}\n`);
    } else process.stdout.write(`nothing to undo: ${path} does not exist\n`);
    return 0;
  }
  const setup = await localSetup();
  const model = values.default ? (values.model ?? defaultModel(setup.config)) : undefined;
  if (values.default && model === undefined) throw new UsageError('--default needs a model: pass --model MODEL');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const tokenEnv = Boolean(process.env[PROXY_TOKEN_ENV]) || setup.proxyToken !== undefined;
  const merged = mergeCodexConfig(existing, path, { baseUrl: values.url ?? setup.url, tokenEnv, defaultModel: model });
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && !existsSync(backup)) copyFileSync(path, backup);
  // A new file is private; an existing one keeps the mode its owner gave it.
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o600;
  writeFileSync(`${path}.aimux-tmp`, merged, { mode });
  chmodSync(`${path}.aimux-tmp`, mode);
  renameSync(`${path}.aimux-tmp`, path);
  process.stdout.write(
    `wrote [model_providers.aimux] to ${path}${existsSync(backup) ? ` (backup: ${backup})` : ''}\n` +
      (model !== undefined ? `Codex now uses aimux by default (model "${model}").\n` : `Use it with: codex -c model_provider=aimux -m MODEL   (or run: aimux setup codex --default)\n`) +
      (tokenEnv ? `Codex reads the proxy token from ${PROXY_TOKEN_ENV} (aimux token proxy show prints it).\n` : ''),
  );
  return 0;
}
