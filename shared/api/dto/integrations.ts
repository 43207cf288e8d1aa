/** Setting up client tools (Claude Code) against this proxy. */

export interface ClaudeCodeSetupView {
  /** The proxy base URL Claude Code should use. */
  baseUrl: string;
  /** `export ANTHROPIC_BASE_URL=…` lines for a shell (with the proxy token when one is set). */
  envLines: string[];
  /** A settings.json `env` block to paste. */
  settingsSnippet: string;
  /** Claude Code's user settings file. */
  settingsPath: string;
  /** `configured`: the file's env block points at this proxy; `other`: it points elsewhere. */
  state: 'not-configured' | 'configured' | 'other' | 'unreadable';
  /** A backup exists, so `undo` can restore the previous file. */
  canUndo: boolean;
  /** e.g. ANTHROPIC_* variables in the environment override the settings. */
  warnings: string[];
}
