/**
 * Claude Code setup through the API (the dashboard's Claude Code screen and the tray's "copy
 * environment"): the environment lines and settings.json snippet for this proxy, and the same
 * setup and undo as `aimux setup claude-code` (integrations/claude-code/setup.ts does the work).
 */
import { existsSync } from 'node:fs';
import type { ApiHandlers } from '../../../shared/api/client';
import type { ClaudeCodeSetupView } from '../../../shared/api/dto/integrations';
import { ApiError } from '../../../shared/api/errors';
import { claudeSettingsPath } from '../integrations/claude-code/settings-path';
import { applyClaudeCodeSetup, planClaudeCodeSetup, undoClaudeCodeSetup } from '../integrations/claude-code/setup';
import type { SetupPlan } from '../integrations/claude-code/setup';
import type { ApiContext } from './context';

type Handlers = Pick<ApiHandlers, 'getClaudeCodeSetup' | 'applyClaudeCodeSetup' | 'undoClaudeCodeSetup'>;

function baseUrl(ctx: ApiContext): string {
  const s = ctx.status();
  if (s.url) return s.url;
  const host = s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host.includes(':') ? `[${s.host}]` : s.host;
  return `http://${host}:${s.port}`;
}

export function integrationHandlers(ctx: ApiContext): Handlers {
  const plan = async (): Promise<SetupPlan> => {
    const token = await ctx.tokens.proxy.read();
    return planClaudeCodeSetup({ settingsPath: claudeSettingsPath(ctx.env), url: baseUrl(ctx), token, env: ctx.env });
  };
  const view = async (p: SetupPlan): Promise<ClaudeCodeSetupView> => {
    const url = baseUrl(ctx);
    const token = await ctx.tokens.proxy.read();
    const env: Record<string, string> = { ANTHROPIC_BASE_URL: url };
    if (token) env.ANTHROPIC_AUTH_TOKEN = token;
    const previousUrl = p.changes.find((c) => c.key === 'ANTHROPIC_BASE_URL')?.from;
    const state: ClaudeCodeSetupView['state'] = p.error
      ? 'unreadable'
      : p.changes.length === 0
        ? 'configured'
        : previousUrl !== undefined && previousUrl !== url
          ? 'other'
          : 'not-configured';
    return {
      baseUrl: url,
      envLines: Object.entries(env).map(([k, v]) => `export ${k}=${v}`),
      settingsSnippet: JSON.stringify({ env }, null, 2),
      settingsPath: p.settingsPath,
      state,
      canUndo: existsSync(`${p.backupPath}.json`),
      warnings: p.error ? [p.error, ...p.warnings] : p.warnings,
    };
  };
  return {
    async getClaudeCodeSetup() {
      return view(await plan());
    },
    async applyClaudeCodeSetup() {
      const p = await plan();
      if (p.error) throw new ApiError('CONFLICT', p.error);
      if (p.changes.length > 0) await applyClaudeCodeSetup(p);
      return view(await plan());
    },
    async undoClaudeCodeSetup() {
      const r = await undoClaudeCodeSetup(claudeSettingsPath(ctx.env));
      if (r.action === 'nothing') throw new ApiError('NOT_FOUND', r.message);
      return view(await plan());
    },
  };
}
