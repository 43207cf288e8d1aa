/**
 * `aimux setup claude-code [--undo] [--dry-run]`: a thin caller of integrations/claude-code/setup.ts, which does
 * the work and returns data (the dashboard calls the same functions).
 */
import { parseArgs } from 'node:util';
import { applyClaudeCodeSetup, planClaudeCodeSetup, undoClaudeCodeSetup, type KeyChange } from '../integrations/claude-code/setup';
import { claudeSettingsPath } from '../integrations/claude-code/settings-path';
import { configuredProxyUrl, readProxyToken } from './proxy-discovery';
import { UsageError } from './usage-error';
import { loadUserConfig, resolveDataDir } from './user-config';

const TARGETS = ['claude-code'];

/** Values as people may see them: the token never. */
function show(c: KeyChange, v: string | undefined): string {
  if (v === undefined) return '(unset)';
  return c.key === 'ANTHROPIC_AUTH_TOKEN' ? '(a token)' : v;
}

export async function setup(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { undo: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const target = positionals[0];
  if (positionals.length !== 1 || !TARGETS.includes(target!)) throw new UsageError(`usage: aimux setup claude-code [--undo] [--dry-run] (got ${positionals.join(' ') || 'nothing'})`);
  const settingsPath = claudeSettingsPath();
  const out = process.stdout;

  if (values.undo) {
    const r = await undoClaudeCodeSetup(settingsPath);
    out.write(`${r.message}\n`);
    return r.action === 'nothing' ? 1 : 0;
  }

  const dataDir = resolveDataDir(values['data-dir']);
  const url = configuredProxyUrl(await loadUserConfig(dataDir));
  const plan = await planClaudeCodeSetup({ settingsPath, url, token: readProxyToken(dataDir), env: process.env });
  out.write(`Claude Code settings: ${settingsPath}\n`);
  if (plan.error) {
    process.stderr.write(`aimux: ${plan.error}\n`);
    return 1;
  }
  for (const c of plan.changes) out.write(`  env.${c.key}: ${show(c, c.from)} -> ${show(c, c.to)}\n`);
  if (plan.changes.length === 0) out.write('  already set up: nothing to change\n');
  for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
  if (values['dry-run'] || plan.changes.length === 0) return 0;
  const r = await applyClaudeCodeSetup(plan);
  if (r.backupPath) out.write(`backup: ${r.backupPath}\n`);
  out.write(`done: start Claude Code as usual (claude); undo with: aimux setup claude-code --undo\n`);
  return 0;
}
