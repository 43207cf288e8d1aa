/**
 * `aimux setup claude-code` (and the dashboard's same action, through the management API later): points Claude
 * Code at aimux by merging aimux's keys into the `env` block of Claude Code's user settings.json.
 *
 * - aimux owns only `env.ANTHROPIC_BASE_URL`, and `env.ANTHROPIC_AUTH_TOKEN` when a proxy token is set. Every
 *   other setting, the file's formatting and its comments stay as they were (files/jsonc-file.ts).
 * - Before the first change the file is copied to `settings.json.aimux-backup`, with a note beside it
 *   (`settings.json.aimux-backup.json`: whether the file existed, the previous values of aimux's keys, a hash of
 *   what aimux wrote). Setting up again keeps that first backup.
 * - Undo: when the file is still exactly what aimux wrote, the backup is restored byte for byte (or the file
 *   removed, if there was none); when it changed since, only aimux's keys are put back to their previous values,
 *   keeping the later edits. Then the backup and its note are removed.
 * - A file that does not parse, or cannot be read, is never written over: the plan carries the error instead.
 * - Warnings: `ANTHROPIC_*` variables in the environment that may take precedence over settings.json, and no
 *   credential for Claude Code to start with.
 *
 * plan → data (what would change, warnings, the new text); apply(plan) → data; undo → data. No printing here.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseJsonc, setJsoncValue, writeKeepingMode } from '../../files/jsonc-file';

export const OWNED_KEYS = ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN'] as const;
type OwnedKey = (typeof OWNED_KEYS)[number];
/** Environment variables that, set in the shell, may win over settings.json or send Claude Code elsewhere. */
const OVERRIDING = ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_MODEL', 'ANTHROPIC_CUSTOM_HEADERS', 'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX'];

export interface SetupOptions {
  settingsPath: string;
  /** The proxy's base URL, e.g. http://127.0.0.1:4141. */
  url: string;
  /** The proxy token, when one is set. */
  token?: string | undefined;
  /** The environment Claude Code would start in, for the warnings. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface KeyChange {
  key: OwnedKey;
  from: string | undefined;
  to: string | undefined;
}

export interface SetupPlan {
  settingsPath: string;
  backupPath: string;
  exists: boolean;
  changes: KeyChange[];
  warnings: string[];
  /** Why the file cannot be changed (it does not parse or cannot be read); nothing is written then. */
  error?: string;
  /** The file's text before and after; equal when nothing changes. */
  before: string;
  after: string;
}

export interface SetupResult {
  written: boolean;
  backupPath: string | undefined;
  changes: KeyChange[];
}

export interface UndoResult {
  /** `restored`: the backup put back byte for byte; `reverted`: only aimux's keys put back; `nothing`: no backup. */
  action: 'restored' | 'reverted' | 'removed' | 'nothing';
  settingsPath: string;
  message: string;
}

interface BackupNote {
  version: 1;
  existed: boolean;
  hadEnv: boolean;
  previous: Partial<Record<OwnedKey, string | null>>;
  writtenSha256: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const backupPathOf = (settingsPath: string) => `${settingsPath}.aimux-backup`;
const notePathOf = (settingsPath: string) => `${settingsPath}.aimux-backup.json`;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

async function readText(path: string): Promise<{ text: string; exists: boolean } | { error: string }> {
  try {
    return { text: await readFile(path, 'utf8'), exists: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: '', exists: false };
    return { error: `cannot read ${path} (${code ?? String(e)})` };
  }
}

/** The settings object, or why it is not one. */
function parseSettings(text: string, path: string): { settings: Obj } | { error: string } {
  if (text.trim() === '') return { settings: {} };
  const { value, errors } = parseJsonc(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (errors.length > 0) return { error: `${path} is not valid JSON (${errors[0]}); fix or move it first, aimux will not write over it` };
  if (!isObj(value)) return { error: `${path} does not hold a JSON object; aimux will not write over it` };
  if (value.env !== undefined && !isObj(value.env)) return { error: `${path}: "env" is not an object; aimux will not write over it` };
  return { settings: value };
}

function stringAt(settings: Obj, key: string): string | undefined {
  const env = settings.env;
  const v = isObj(env) ? env[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function warningsFor(env: Readonly<Record<string, string | undefined>>, wanted: Partial<Record<OwnedKey, string>>, settings: Obj): string[] {
  const out: string[] = [];
  for (const name of OVERRIDING) {
    const v = env[name];
    if (v === undefined || v === '' || v === wanted[name as OwnedKey]) continue;
    out.push(`${name} is set in this environment; it may take precedence over settings.json and send Claude Code elsewhere (unset it, or start Claude Code with \`aimux claude\`)`);
  }
  const credential = wanted.ANTHROPIC_AUTH_TOKEN ?? stringAt(settings, 'ANTHROPIC_AUTH_TOKEN') ?? stringAt(settings, 'ANTHROPIC_API_KEY') ?? env.ANTHROPIC_API_KEY ?? env.ANTHROPIC_AUTH_TOKEN;
  if (!credential) out.push('no proxy token and no Anthropic key: Claude Code needs a login (/login) or any key value to start; aimux does not forward it');
  return out;
}

export async function planClaudeCodeSetup(opts: SetupOptions): Promise<SetupPlan> {
  const { settingsPath } = opts;
  const base = { settingsPath, backupPath: backupPathOf(settingsPath), changes: [], warnings: [] };
  const read = await readText(settingsPath);
  if ('error' in read) return { ...base, exists: true, error: read.error, before: '', after: '' };
  const parsed = parseSettings(read.text, settingsPath);
  if ('error' in parsed) return { ...base, exists: read.exists, error: parsed.error, before: read.text, after: read.text };
  const note = await readNote(settingsPath);
  const wanted: Partial<Record<OwnedKey, string>> = { ANTHROPIC_BASE_URL: opts.url };
  if (opts.token) wanted.ANTHROPIC_AUTH_TOKEN = opts.token;
  const changes: KeyChange[] = [];
  let after = read.text;
  for (const key of OWNED_KEYS) {
    const from = stringAt(parsed.settings, key);
    // Without a token, an ANTHROPIC_AUTH_TOKEN that aimux wrote earlier goes back to what it was; the user's own stays.
    const to = wanted[key] ?? (key in (note?.previous ?? {}) ? (note!.previous[key] ?? undefined) : from);
    if (from === to) continue;
    changes.push({ key, from, to });
    after = setJsoncValue(after, ['env', key], to);
  }
  if (read.text.trim() === '' && after !== read.text && !after.endsWith('\n')) after += '\n';
  return { ...base, exists: read.exists, changes, warnings: warningsFor(opts.env ?? {}, wanted, parsed.settings), before: read.text, after };
}

async function readNote(settingsPath: string): Promise<BackupNote | undefined> {
  try {
    const v = JSON.parse(await readFile(notePathOf(settingsPath), 'utf8')) as BackupNote;
    return v.version === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}

export async function applyClaudeCodeSetup(plan: SetupPlan): Promise<SetupResult> {
  if (plan.error) throw new Error(plan.error);
  if (plan.after === plan.before) return { written: false, backupPath: undefined, changes: [] };
  // The file must still be what was planned on.
  const now = await readText(plan.settingsPath);
  if ('error' in now || now.text !== plan.before) throw new Error(`${plan.settingsPath} changed since the plan was made; plan again`);
  await mkdir(dirname(plan.settingsPath), { recursive: true });
  const existing = await readNote(plan.settingsPath);
  let note: BackupNote;
  if (existing) {
    note = existing;
    for (const c of plan.changes) if (!(c.key in note.previous)) note.previous[c.key] = c.from ?? null;
  } else {
    const parsed = parseSettings(plan.before, plan.settingsPath);
    const hadEnv = 'settings' in parsed && parsed.settings.env !== undefined;
    note = { version: 1, existed: plan.exists, hadEnv, previous: {}, writtenSha256: '' };
    for (const c of plan.changes) note.previous[c.key] = c.from ?? null;
    if (plan.exists) await writeKeepingMode(plan.backupPath, plan.before);
  }
  note.writtenSha256 = sha256(plan.after);
  await writeKeepingMode(notePathOf(plan.settingsPath), `${JSON.stringify(note, null, 2)}\n`);
  await writeKeepingMode(plan.settingsPath, plan.after);
  return { written: true, backupPath: plan.exists || existing ? plan.backupPath : undefined, changes: plan.changes };
}

export async function undoClaudeCodeSetup(settingsPath: string): Promise<UndoResult> {
  const note = await readNote(settingsPath);
  if (!note) return { action: 'nothing', settingsPath, message: `no aimux backup beside ${settingsPath}: nothing to undo` };
  const current = await readText(settingsPath);
  if ('error' in current) throw new Error(current.error);
  let result: UndoResult;
  if (current.exists && sha256(current.text) === note.writtenSha256) {
    if (note.existed) {
      await writeKeepingMode(settingsPath, await readFile(backupPathOf(settingsPath), 'utf8'));
      result = { action: 'restored', settingsPath, message: `restored ${settingsPath} from its backup` };
    } else {
      await unlink(settingsPath);
      result = { action: 'removed', settingsPath, message: `removed ${settingsPath} (aimux had created it)` };
    }
  } else {
    const parsed = parseSettings(current.text, settingsPath);
    if ('error' in parsed) throw new Error(parsed.error);
    let text = current.text;
    for (const [key, prev] of Object.entries(note.previous)) text = setJsoncValue(text, ['env', key], prev ?? undefined);
    const after = parseSettings(text, settingsPath);
    if (!note.hadEnv && 'settings' in after && isObj(after.settings.env) && Object.keys(after.settings.env).length === 0) text = setJsoncValue(text, ['env'], undefined);
    await writeKeepingMode(settingsPath, text);
    result = { action: 'reverted', settingsPath, message: `${settingsPath} changed since setup: put aimux's keys back to their previous values and kept the rest` };
  }
  await unlink(notePathOf(settingsPath)).catch(() => {});
  await unlink(backupPathOf(settingsPath)).catch(() => {});
  return result;
}
