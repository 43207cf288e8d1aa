/** Where Claude Code keeps its user settings: `$CLAUDE_CONFIG_DIR/settings.json`, else `~/.claude/settings.json`. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function claudeSettingsPath(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  return join(env.CLAUDE_CONFIG_DIR || join(home, '.claude'), 'settings.json');
}
