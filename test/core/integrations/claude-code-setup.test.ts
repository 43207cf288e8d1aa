/**
 * Setup and undo on real settings files: none, an empty one, one with the user's own env block and hooks, one with
 * comments and odd formatting, one that does not parse, one that cannot be read.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyClaudeCodeSetup, planClaudeCodeSetup, undoClaudeCodeSetup } from '../../../electron/core/integrations/claude-code/setup';
import { claudeSettingsPath } from '../../../electron/core/integrations/claude-code/settings-path';
import { parseJsonc } from '../../../electron/core/files/jsonc-file';

let dir: string;
let path: string;
const URL = 'http://127.0.0.1:4141';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimux-cc-'));
  path = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const setUp = async (opts: { token?: string; env?: Record<string, string> } = {}) => {
  const plan = await planClaudeCodeSetup({ settingsPath: path, url: URL, token: opts.token, env: opts.env ?? { ANTHROPIC_API_KEY: 'x' } });
  expect(plan.error).toBeUndefined();
  return { plan, result: await applyClaudeCodeSetup(plan) };
};
const parsed = async () => parseJsonc(await readFile(path, 'utf8')).value as any;

const WITH_HOOKS = `{
    "model": "opus",
    "env": {
        "MY_VAR": "keep me",
        "ANTHROPIC_BASE_URL": "https://old.example"
    },
    "hooks": {
        "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "echo pre" }] }]
    },
    "permissions": { "allow": ["Bash(npm test:*)"] }
}
`;

const WITH_COMMENTS = `// my Claude Code settings
{
\t/* theme first */
\t"theme": "dark", // trailing comment
\t"includeCoAuthoredBy": false,
}
`;

describe('aimux setup claude-code', () => {
  it('settings path: CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(claudeSettingsPath({ CLAUDE_CONFIG_DIR: '/x/cc' }, '/home/u')).toBe('/x/cc/settings.json');
    expect(claudeSettingsPath({}, '/home/u')).toBe(join('/home/u', '.claude', 'settings.json'));
  });

  it('no file: creates it with the env block; undo removes it', async () => {
    path = join(dir, 'nested', 'settings.json');
    const { plan } = await setUp({ token: 'tok-123' });
    expect(plan.changes).toEqual([
      { key: 'ANTHROPIC_BASE_URL', from: undefined, to: URL },
      { key: 'ANTHROPIC_AUTH_TOKEN', from: undefined, to: 'tok-123' },
    ]);
    expect(await parsed()).toEqual({ env: { ANTHROPIC_BASE_URL: URL, ANTHROPIC_AUTH_TOKEN: 'tok-123' } });
    expect(await undoClaudeCodeSetup(path)).toMatchObject({ action: 'removed' });
    expect(await readdir(join(dir, 'nested'))).toEqual([]);
  });

  it('an empty file: filled in; undo gives the empty file back', async () => {
    await writeFile(path, '');
    await setUp();
    expect(await parsed()).toEqual({ env: { ANTHROPIC_BASE_URL: URL } });
    expect((await readFile(path, 'utf8')).endsWith('}\n')).toBe(true);
    expect(await undoClaudeCodeSetup(path)).toMatchObject({ action: 'restored' });
    expect(await readFile(path, 'utf8')).toBe('');
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('the user’s own env block and hooks: only aimux’s key changes, formatting kept; undo restores byte for byte', async () => {
    await writeFile(path, WITH_HOOKS);
    const { plan, result } = await setUp();
    expect(plan.changes).toEqual([{ key: 'ANTHROPIC_BASE_URL', from: 'https://old.example', to: URL }]);
    expect(result.backupPath).toBe(`${path}.aimux-backup`);
    expect(await readFile(path, 'utf8')).toBe(WITH_HOOKS.replace('https://old.example', URL));
    expect(await readFile(`${path}.aimux-backup`, 'utf8')).toBe(WITH_HOOKS);
    // Again: nothing to change, the first backup stays.
    const again = await planClaudeCodeSetup({ settingsPath: path, url: URL, env: {} });
    expect(again.changes).toEqual([]);
    expect(await undoClaudeCodeSetup(path)).toMatchObject({ action: 'restored' });
    expect(await readFile(path, 'utf8')).toBe(WITH_HOOKS);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('comments, tabs and a trailing comma survive; undo after the user edited the file reverts only aimux’s keys', async () => {
    await writeFile(path, WITH_COMMENTS);
    await setUp({ token: 'tok' });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('// my Claude Code settings');
    expect(text).toContain('/* theme first */');
    expect(text).toContain('"theme": "dark", // trailing comment');
    expect(text).toContain(`\t"env": {\n\t\t"ANTHROPIC_BASE_URL": "${URL}"`);
    expect(await parsed()).toEqual({ theme: 'dark', includeCoAuthoredBy: false, env: { ANTHROPIC_BASE_URL: URL, ANTHROPIC_AUTH_TOKEN: 'tok' } });
    // The user changes something after setup.
    await writeFile(path, text.replace('"dark"', '"light"'));
    expect(await undoClaudeCodeSetup(path)).toMatchObject({ action: 'reverted' });
    const after = await readFile(path, 'utf8');
    expect(after).toContain('// my Claude Code settings');
    expect(parseJsonc(after).value).toEqual({ theme: 'light', includeCoAuthoredBy: false });
  });

  it('a file that does not parse is never written over', async () => {
    await writeFile(path, '{ "env": { "A": 1 ');
    const plan = await planClaudeCodeSetup({ settingsPath: path, url: URL, env: {} });
    expect(plan.error).toMatch(/is not valid JSON \(line 1, column \d+: /);
    await expect(applyClaudeCodeSetup(plan)).rejects.toThrow(/not valid JSON/);
    expect(await readFile(path, 'utf8')).toBe('{ "env": { "A": 1 ');
    await writeFile(path, '[1, 2]');
    expect((await planClaudeCodeSetup({ settingsPath: path, url: URL })).error).toMatch(/does not hold a JSON object/);
    await writeFile(path, '{"env": "nope"}');
    expect((await planClaudeCodeSetup({ settingsPath: path, url: URL })).error).toMatch(/"env" is not an object/);
  });

  it('a file that cannot be read is never written over', async () => {
    await mkdir(path);
    const plan = await planClaudeCodeSetup({ settingsPath: path, url: URL, env: {} });
    expect(plan.error).toMatch(/^cannot read .*settings.json \(EISDIR\)/);
    await expect(applyClaudeCodeSetup(plan)).rejects.toThrow(/EISDIR/);
  });

  it('warns about ANTHROPIC_* variables in the environment, and about a missing credential', async () => {
    const plan = await planClaudeCodeSetup({ settingsPath: path, url: URL, env: { ANTHROPIC_BASE_URL: 'https://api.anthropic.com', ANTHROPIC_MODEL: 'x' } });
    expect(plan.warnings.filter((w) => w.includes('may take precedence')).map((w) => w.split(' ')[0])).toEqual(['ANTHROPIC_BASE_URL', 'ANTHROPIC_MODEL']);
    expect(plan.warnings.some((w) => w.startsWith('no proxy token and no Anthropic key'))).toBe(true);
    const quiet = await planClaudeCodeSetup({ settingsPath: path, url: URL, token: 't', env: { ANTHROPIC_BASE_URL: URL } });
    expect(quiet.warnings).toEqual([]);
  });

  it('a token aimux wrote is taken back when the token is gone; the user’s own token is not touched', async () => {
    await writeFile(path, '{"env": {"OTHER": "1"}}');
    await setUp({ token: 'tok' });
    const { plan } = await setUp();
    expect(plan.changes).toEqual([{ key: 'ANTHROPIC_AUTH_TOKEN', from: 'tok', to: undefined }]);
    expect(await parsed()).toEqual({ env: { OTHER: '1', ANTHROPIC_BASE_URL: URL } });
    await rm(`${path}.aimux-backup.json`);
    await rm(`${path}.aimux-backup`);
    await writeFile(path, '{"env": {"ANTHROPIC_AUTH_TOKEN": "mine"}}');
    expect((await setUp()).plan.changes.map((c) => c.key)).toEqual(['ANTHROPIC_BASE_URL']);
    expect((await parsed()).env.ANTHROPIC_AUTH_TOKEN).toBe('mine');
  });

  it('undo without a setup says so', async () => {
    expect(await undoClaudeCodeSetup(path)).toMatchObject({ action: 'nothing' });
  });

  it('apply refuses a plan the file no longer matches', async () => {
    await writeFile(path, '{}');
    const plan = await planClaudeCodeSetup({ settingsPath: path, url: URL });
    await writeFile(path, '{"theme": "dark"}');
    await expect(applyClaudeCodeSetup(plan)).rejects.toThrow(/changed since the plan was made/);
  });
});
