/**
 * Writes capability flags of one provider into the JSON config file on disk (for `aimux doctor --write`), changing
 * only those values: formatting and every other field stay (files/jsonc-file.ts), and the write is atomic.
 * Interim: the config store will take this over.
 */
import { readFile } from 'node:fs/promises';
import { parseJsonc, setJsoncValue, writeFileAtomic } from '../files/jsonc-file';
import { ConfigError } from './schema';
import type { ProviderCapabilities } from './types';

export type CapabilityChange = { key: keyof ProviderCapabilities; from: unknown; to: boolean | number };

/** Sets `providers[id=providerId].capabilities.<key>` for each flag given; returns what changed in the file. */
export async function writeProviderCapabilities(
  path: string,
  providerId: string,
  flags: Partial<Record<keyof ProviderCapabilities, boolean | number>>,
): Promise<CapabilityChange[]> {
  const text = await readFile(path, 'utf8');
  const { value, errors } = parseJsonc(text);
  if (errors.length > 0) throw new ConfigError(path, [`not valid JSON: ${errors[0]}`]);
  const providers = (value as { providers?: unknown } | null)?.providers;
  const index = Array.isArray(providers) ? providers.findIndex((p) => (p as { id?: unknown } | null)?.id === providerId) : -1;
  if (index < 0) throw new ConfigError(path, [`no provider with id "${providerId}"`]);
  const current = ((providers as Array<{ capabilities?: Record<string, unknown> }>)[index]!.capabilities ?? {}) as Record<string, unknown>;
  const changes: CapabilityChange[] = [];
  let out = text;
  for (const [key, to] of Object.entries(flags) as Array<[keyof ProviderCapabilities, boolean | number | undefined]>) {
    if (to === undefined || current[key] === to) continue;
    changes.push({ key, from: current[key], to });
    out = setJsoncValue(out, ['providers', index, 'capabilities', key], to);
  }
  if (changes.length > 0) await writeFileAtomic(path, out);
  return changes;
}
