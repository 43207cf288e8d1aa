/**
 * Reads the config file (or falls back to the built-in default) and resolves it.
 * Errors name the file, the JSON path (or line and column for bad JSON) and the problem.
 */
import { readFile } from 'node:fs/promises';
import { SYNTHETIC_MODELS, SYNTHETIC_PROVIDER_ID } from './defaults';
import { locateJsonError } from './json-error';
import { ConfigError, resolveConfig } from './schema';
import type { AimuxConfig } from './types';

export const BUILT_IN_SOURCE = 'built-in default (synthetic provider)';

/** What `aimux serve` runs with when there is no config file: the synthetic provider only. */
export function builtInConfig(): AimuxConfig {
  return resolveConfig(
    {
      providers: [{ id: SYNTHETIC_PROVIDER_ID, protocol: 'synthetic', models: [...SYNTHETIC_MODELS] }],
      routing: { default: [`${SYNTHETIC_PROVIDER_ID}/${SYNTHETIC_MODELS[0]}`] },
    },
    { source: BUILT_IN_SOURCE, env: {} },
  );
}

export function parseConfigText(text: string, source: string, env: Readonly<Record<string, string | undefined>>): AimuxConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConfigError(source, [`not valid JSON: ${jsonErrorWhere(text, e)}`]);
  }
  return resolveConfig(raw, { source, env });
}

export async function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>>): Promise<AimuxConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`]);
  }
  return parseConfigText(text, path, env);
}

function jsonErrorWhere(text: string, e: unknown): string {
  const where = locateJsonError(text);
  if (where) return `line ${where.line}, column ${where.column}: ${where.message}`;
  return e instanceof Error ? e.message : String(e);
}
