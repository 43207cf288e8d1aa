/**
 * The config file as a live store: load, validate and apply changes one at a time, write them
 * atomically (0600, a `.bak` of the previous file, `"$schema"` pointing at the schema written beside
 * it), and follow edits made to the file by hand. An invalid edit on disk is refused with its
 * problems logged, and the running config stays. Listeners see every applied config; requests
 * already running keep the one they started with.
 */
import { watch as fsWatch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { chmod, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONFIG_VERSION } from '../../../shared/config/defaults';
import type { ConfigDoc } from '../../../shared/config/schema';
import type { Logger, SecretStore } from '../deps';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/atomic-write';
import { BUILT_IN_SOURCE, builtInDoc, parseConfigJson } from './load';
import { configJsonSchemaText, SCHEMA_FILE } from './json-schema';
import type { PresetLookup } from './preset-like';
import { ConfigError, resolveConfig } from './schema';
import type { AimuxConfig } from './types';

export type ConfigActor = 'api' | 'cli' | 'ui' | 'file';

export interface ConfigChange {
  config: AimuxConfig;
  revision: number;
  actor: ConfigActor;
}

export interface ConfigStoreOptions {
  path: string;
  env: Readonly<Record<string, string | undefined>>;
  secrets: SecretStore;
  presets?: PresetLookup;
  logger: Logger;
  /** Debounce for file-change events (editors write in several steps). */
  watchDebounceMs?: number;
}

export interface ConfigStore {
  readonly path: string;
  /** True once a file exists (the built-in default is in use until the first save). */
  readonly onDisk: boolean;
  current(): AimuxConfig;
  revision(): number;
  load(): Promise<AimuxConfig>;
  /** Resolves a document as it would be applied (keys looked up), without applying it. */
  check(doc: unknown): Promise<AimuxConfig>;
  /** Applies `edit` to a copy of the current document; validated whole, saved, then applied. */
  update(edit: (doc: ConfigDoc) => ConfigDoc | Promise<ConfigDoc>, actor: ConfigActor): Promise<AimuxConfig>;
  onChange(listener: (change: ConfigChange) => void): () => void;
  /** Follows edits of the file on disk until the returned function is called. */
  watch(): () => void;
}

const KEYCHAIN = /^keychain:([A-Za-z0-9._-]{1,128})$/;

/** Every `keychain:` account the document references, with the path of each reference. */
function keychainRefs(doc: unknown): Array<{ account: string; path: string }> {
  const out: Array<{ account: string; path: string }> = [];
  const providers = (doc as { providers?: unknown })?.providers;
  if (!Array.isArray(providers)) return out;
  providers.forEach((p, i) => {
    const keys = (p as { apiKeys?: unknown })?.apiKeys;
    if (!Array.isArray(keys)) return;
    keys.forEach((k, j) => {
      const m = typeof k === 'string' ? KEYCHAIN.exec(k) : null;
      if (m) out.push({ account: m[1]!, path: `providers[${i}].apiKeys[${j}]` });
    });
  });
  return out;
}

/** Key values written literally in a document (not `env:` or `keychain:` references). */
function literalKeys(doc: ConfigDoc | undefined): string[] {
  return (doc?.providers ?? []).flatMap((p) => (p.apiKeys ?? []).filter((k) => !k.startsWith('env:') && !k.startsWith('keychain:')));
}

export function createConfigStore(opts: ConfigStoreOptions): ConfigStore {
  const { path, logger } = opts;
  let config: AimuxConfig | undefined;
  let revision = 0;
  let onDisk = false;
  /** The text last read from or written to the file, so our own writes are not "edits". */
  let lastText: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(c: ConfigChange) => void>();

  const resolve = async (doc: unknown, source: string): Promise<AimuxConfig> => {
    const refs = keychainRefs(doc);
    const values = new Map<string, string>();
    const problems: string[] = [];
    for (const r of refs) {
      try {
        const v = await opts.secrets.get(r.account);
        if (v !== undefined) values.set(r.account, v);
      } catch (err) {
        problems.push(`${r.path}: cannot read "keychain:${r.account}": ${(err as Error).message}`);
      }
    }
    if (problems.length > 0) throw new ConfigError(source, problems);
    return resolveConfig(doc, { source, env: opts.env, secret: (a) => values.get(a), ...(opts.presets ? { presets: opts.presets } : {}) });
  };

  const apply = (next: AimuxConfig, actor: ConfigActor) => {
    config = next;
    revision++;
    const change = { config: next, revision, actor };
    for (const fn of listeners) {
      try {
        fn(change);
      } catch (err) {
        logger.error('a config listener failed', err);
      }
    }
  };

  const readText = async (): Promise<string | undefined> => {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ConfigError(path, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  };

  const serialize = (doc: ConfigDoc): string => {
    const { $schema, version: _v, ...rest } = doc;
    return `${JSON.stringify({ $schema: $schema ?? `./${SCHEMA_FILE}`, version: CONFIG_VERSION, ...rest }, null, 2)}\n`;
  };

  const save = async (doc: ConfigDoc) => {
    const text = serialize(doc);
    // The backup never keeps a literal key the new file no longer holds (moved to the keychain, removed).
    const keepBackup = onDisk && !literalKeys(config?.doc).some((k) => !text.includes(JSON.stringify(k)));
    await writeFileAtomic(path, text, { backup: keepBackup });
    if (onDisk && !keepBackup) await rm(`${path}.bak`, { force: true });
    lastText = text;
    onDisk = true;
    const schemaPath = join(dirname(path), SCHEMA_FILE);
    const schemaText = configJsonSchemaText();
    const existing = await readFile(schemaPath, 'utf8').catch(() => undefined);
    // Private like every file in the data dir (one written 0644 by an older aimux is narrowed).
    if (existing !== schemaText) await writeFileAtomic(schemaPath, schemaText);
    else await chmod(schemaPath, PRIVATE_FILE_MODE).catch(() => {});
  };

  /** Runs `fn` after every earlier update: changes apply one at a time, in order. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const reloadFromDisk = () =>
    exclusive(async () => {
      const text = await readText().catch((err: unknown) => {
        logger.error(`config ${path}: ${(err as Error).message}`);
        return undefined;
      });
      if (text === undefined || text === lastText) return;
      lastText = text;
      try {
        const next = await resolve(parseConfigJson(text, path), path);
        onDisk = true;
        apply(next, 'file');
        logger.info(`config ${path}: reloaded (revision ${revision})`);
      } catch (err) {
        logger.error(`config ${path} was edited but not applied; the running config stays.\n${(err as Error).message}`);
      }
    });

  return {
    path,
    get onDisk() {
      return onDisk;
    },
    current() {
      if (!config) throw new Error('config store used before load()');
      return config;
    },
    revision: () => revision,
    async load() {
      const text = await readText();
      lastText = text;
      onDisk = text !== undefined;
      const next = text === undefined ? await resolve(builtInDoc(), BUILT_IN_SOURCE) : await resolve(parseConfigJson(text, path), path);
      apply(next, 'file');
      return next;
    },
    check: (doc) => resolve(doc, 'input'),
    update(edit, actor) {
      return exclusive(async () => {
        if (!config) throw new Error('config store used before load()');
        const before = structuredClone(config.doc);
        const doc = await edit(before);
        const next = await resolve(doc, path);
        await save(next.doc);
        apply(next, actor);
        return next;
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    watch() {
      let timer: NodeJS.Timeout | undefined;
      let watcher: FSWatcher | undefined;
      const name = basename(path);
      try {
        watcher = fsWatch(dirname(path), { persistent: false }, (_event, file) => {
          if (file !== null && file !== name) return;
          clearTimeout(timer);
          timer = setTimeout(() => void reloadFromDisk(), opts.watchDebounceMs ?? 150);
        });
        watcher.on('error', (err) => logger.warn(`not watching ${path} for edits: ${err.message}`));
      } catch (err) {
        logger.warn(`not watching ${path} for edits: ${(err as Error).message}`);
      }
      return () => {
        clearTimeout(timer);
        watcher?.close();
      };
    },
  };
}
