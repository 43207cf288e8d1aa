/**
 * `aimux doctor <provider> [--model M] [--only a,b] [--long-context-tokens N] [--write] [--config PATH] [--data-dir DIR]`:
 * runs doctor/run.ts against the user's config, prints the report, and offers to write the capability flags it
 * found into the config file (asks on a terminal; `--write` writes without asking).
 * Exit code: 0 when every case passed, 2 when some did not, 1 on errors.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createConfigStore } from '../config/store';
import { SILENT_LOGGER } from '../index';
import { createKeyringSecretStore } from '../secrets/keyring-store';
import { connect } from './connect';
import { isProxyError } from '../errors';
import { doctorCases, type DoctorCaseId } from '../doctor/cases';
import { runDoctor, type CapabilityFlags, type DoctorReport } from '../doctor/run';
import { UsageError } from './usage-error';
import { loadUserConfig, resolveDataDir, userConfigPath } from './user-config';

const CASE_IDS = doctorCases({ longContextTokens: 1 }).map((c) => c.id);

function parseOnly(v: string | undefined): DoctorCaseId[] | undefined {
  if (v === undefined) return undefined;
  const ids = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!CASE_IDS.includes(id as DoctorCaseId)) throw new UsageError(`--only: unknown case "${id}" (cases: ${CASE_IDS.join(', ')})`);
  return ids as DoctorCaseId[];
}

/** Flags whose doctor value differs from the configured one. */
export function capabilityChanges(report: DoctorReport): CapabilityFlags {
  const out: CapabilityFlags = {};
  for (const [k, v] of Object.entries(report.capabilities) as Array<[keyof CapabilityFlags, boolean]>) if (report.configured[k] !== v) out[k] = v;
  return out;
}

function print(report: DoctorReport): void {
  const out = process.stdout;
  out.write(`aimux doctor: ${report.providerId}/${report.model}\n`);
  for (const r of report.results) out.write(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.title.padEnd(28)} ${String(r.ms).padStart(6)} ms  ${r.detail}\n`);
  const flags = Object.entries(report.capabilities).map(([k, v]) => `${k}: ${v} (configured: ${String(report.configured[k as keyof CapabilityFlags])})`);
  if (flags.length > 0) out.write(`capabilities: ${flags.join(', ')}\n`);
}

export async function doctor(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      only: { type: 'string' },
      'long-context-tokens': { type: 'string' },
      write: { type: 'boolean', default: false },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('usage: aimux doctor <provider> [--model M] [--only text,tool,…] [--write]');
  const longContextTokens = values['long-context-tokens'] === undefined ? undefined : Number(values['long-context-tokens']);
  if (longContextTokens !== undefined && !(Number.isInteger(longContextTokens) && longContextTokens > 0)) throw new UsageError('--long-context-tokens: expected a positive integer');
  const dataDir = resolveDataDir(values['data-dir']);
  const path = userConfigPath(dataDir, values.config);
  const config = await loadUserConfig(dataDir, values.config);
  const report = await runDoctor({
    config,
    providerId: positionals[0]!,
    ...(values.model ? { model: values.model } : {}),
    ...(values.only ? { only: parseOnly(values.only) } : {}),
    ...(longContextTokens ? { longContextTokens } : {}),
  }).catch((err: unknown) => {
    // An unknown provider or model is the user's to fix: a usage error, not a crash.
    throw isProxyError(err) ? new UsageError(err.message) : err;
  });
  print(report);
  const changes = capabilityChanges(report);
  const failed = report.results.some((r) => !r.ok) ? 2 : 0;
  if (Object.keys(changes).length === 0) return failed;
  const what = Object.entries(changes).map(([k, v]) => `capabilities.${k} = ${v}`).join(', ');
  if (path === undefined) {
    process.stdout.write(`suggested: ${what} (no config file to write: aimux runs on its built-in default)\n`);
    return failed;
  }
  let write = values.write ?? false;
  if (!write && process.stdin.isTTY && process.stdout.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    write = /^y(es)?$/i.test((await rl.question(`Write ${what} for "${report.providerId}" into ${path}? [y/N] `)).trim());
    rl.close();
  }
  if (!write) {
    process.stdout.write(`suggested: ${what} (run again with --write to save them in ${path})\n`);
    return failed;
  }
  const where = await saveCapabilities(dataDir, values.config, report.providerId, changes);
  process.stdout.write(`wrote ${what} for "${report.providerId}" (${where})\n`);
  return failed;
}

/**
 * Saves the flags the way every other change is saved: through the running aimux's API when one owns
 * the data dir (it applies at once), else through the config store (validated, atomic, backed up).
 */
async function saveCapabilities(dataDir: string, explicit: string | undefined, providerId: string, flags: Partial<CapabilityFlags>): Promise<string> {
  if (explicit === undefined) {
    const conn = await connect(dataDir, { quiet: true });
    try {
      await conn.client.updateProvider({ id: providerId, patch: { capabilities: flags } });
      return conn.via;
    } finally {
      await conn.close();
    }
  }
  const store = createConfigStore({ path: resolve(explicit), env: process.env, secrets: createKeyringSecretStore(), logger: SILENT_LOGGER });
  await store.load();
  await store.update((d) => ({ ...d, providers: d.providers.map((p) => (p.id === providerId ? { ...p, capabilities: { ...p.capabilities, ...flags } } : p)) }), 'cli');
  return `config file ${resolve(explicit)}`;
}
