/**
 * Reads the config file (or falls back to the built-in default) and resolves it.
 * Errors name the file, the JSON path (or line and column for bad JSON) and the problem.
 */
import { readFile } from 'node:fs/promises';
import { SYNTHETIC_MODELS, SYNTHETIC_PROVIDER_ID } from './defaults';
import { locateJsonError } from './json-error';
import { ConfigError, resolveConfig } from './schema';
import type { ResolveOptions } from './schema';
import type { AimuxConfig } from './types';

export const BUILT_IN_SOURCE = 'built-in default (synthetic provider)';

/** The document a first run starts from: the synthetic provider only. */
export function builtInDoc() {
  return {
    version: 2 as const,
    providers: [{ id: SYNTHETIC_PROVIDER_ID, protocol: 'synthetic' as const, models: [...SYNTHETIC_MODELS] }],
    routing: { default: [`${SYNTHETIC_PROVIDER_ID}/${SYNTHETIC_MODELS[0]}`] },
  };
}

/** What `aimux serve` runs with when there is no config file. */
export function builtInConfig(): AimuxConfig {
  return resolveConfig(builtInDoc(), { source: BUILT_IN_SOURCE, env: {} });
}

/** JSON text → document; bad JSON is a ConfigError with line and column. */
export function parseConfigJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConfigError(source, [`not valid JSON: ${jsonErrorWhere(text, e)}`]);
  }
}

export function parseConfigText(text: string, source: string, env: ResolveOptions['env'], extra: Omit<ResolveOptions, 'source' | 'env'> = {}): AimuxConfig {
  return resolveConfig(parseConfigJson(text, source), { ...extra, source, env });
}

export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`]);
  }
}

export async function loadConfigFile(path: string, env: ResolveOptions['env'], extra: Omit<ResolveOptions, 'source' | 'env'> = {}): Promise<AimuxConfig> {
  return parseConfigText(await readConfigText(path), path, env, extra);
}

function jsonErrorWhere(text: string, e: unknown): string {
  const where = locateJsonError(text);
  if (where) return `line ${where.line}, column ${where.column}: ${where.message}`;
  return e instanceof Error ? e.message : String(e);
}
