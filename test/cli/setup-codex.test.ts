/**
 * `aimux setup codex`: the TOML merge keeps the user's settings and comments, replaces an old aimux table,
 * and `--undo` gives the original file back. The command runs as a user runs it (built CLI, child process).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@decimalturn/toml-patch';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeCodexConfig, withoutAimux } from '../../electron/core/cli/setup-codex';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/aimux.mjs');

const USER_CONFIG = `# My Codex settings — keep this comment
model = "gpt-5.5"   # my model
approval_policy = "on-request"

[features]
# plugins stay on for me
plugins = true

[model_providers.other]
name = "Other"
base_url = "https://example.com/v1"

[profiles.fast]
model = "gpt-5.5-mini"
`;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

function aimux(args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('aimux setup codex', () => {
  it('merges the aimux table, keeping every other line and comment as it was', () => {
    const merged = mergeCodexConfig(USER_CONFIG, 'config.toml', { baseUrl: 'http://127.0.0.1:4141', tokenEnv: false });
    expect(merged.startsWith(USER_CONFIG)).toBe(true);
    expect(merged.slice(USER_CONFIG.length)).toContain('[model_providers.aimux]\nname = "aimux"\nbase_url = "http://127.0.0.1:4141/v1"\n');
    const doc = parse(merged) as any;
    expect(doc.model_providers).toEqual({ other: { name: 'Other', base_url: 'https://example.com/v1' }, aimux: { name: 'aimux', base_url: 'http://127.0.0.1:4141/v1' } });
    expect(doc.model).toBe('gpt-5.5');
  });

  it('a second run replaces the old table; --default sets model_provider and model in the root table', () => {
    const once = mergeCodexConfig(USER_CONFIG, 'config.toml', { baseUrl: 'http://127.0.0.1:4141', tokenEnv: false });
    const twice = mergeCodexConfig(once, 'config.toml', { baseUrl: 'http://127.0.0.1:5000', tokenEnv: true, defaultModel: 'glm-4.6' });
    const doc = parse(twice) as any;
    expect(doc.model_providers.aimux).toEqual({ name: 'aimux', base_url: 'http://127.0.0.1:5000/v1', env_key: 'AIMUX_PROXY_TOKEN' });
    expect(doc.model_provider).toBe('aimux');
    expect(doc.model).toBe('glm-4.6');
    expect(doc.profiles.fast.model).toBe('gpt-5.5-mini');
    expect(twice.match(/\[model_providers\.aimux\]/g)).toHaveLength(1);
    for (const line of ['# My Codex settings — keep this comment', '# plugins stay on for me', 'approval_policy = "on-request"']) expect(twice).toContain(line);
    expect(withoutAimux(twice, 'config.toml', true)).not.toContain('aimux');
  });

  it('the command: a backup, the merged file, --undo restores the original bytes', () => {
    const home = mkdtempSync(join(tmpdir(), 'aimux-codex-home-'));
    const path = join(home, 'config.toml');
    writeFileSync(path, USER_CONFIG);
    const env = { CODEX_HOME: home, AIMUX_DATA_DIR: mkdtempSync(join(tmpdir(), 'aimux-data-')) };
    expect(aimux(['setup', 'codex', '--default'], env)).toContain('Codex now uses aimux by default (model "synthetic-1")');
    expect(readFileSync(`${path}.aimux-backup`, 'utf8')).toBe(USER_CONFIG);
    expect((parse(readFileSync(path, 'utf8')) as any).model_provider).toBe('aimux');
    aimux(['setup', 'codex'], env);
    expect(readFileSync(`${path}.aimux-backup`, 'utf8')).toBe(USER_CONFIG);
    aimux(['setup', 'codex', '--undo'], env);
    expect(readFileSync(path, 'utf8')).toBe(USER_CONFIG);
    expect(existsSync(`${path}.aimux-backup`)).toBe(false);
  });

  it('with no config before: creates one; --undo takes aimux out again', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'aimux-codex-home-')), 'new');
    const env = { CODEX_HOME: home, AIMUX_DATA_DIR: mkdtempSync(join(tmpdir(), 'aimux-data-')) };
    aimux(['setup', 'codex', '--default', '--model', 'm1'], env);
    expect(parse(readFileSync(join(home, 'config.toml'), 'utf8'))).toMatchObject({ model: 'm1', model_provider: 'aimux' });
    aimux(['setup', 'codex', '--undo'], env);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).not.toContain('aimux');
  });

  it('invalid TOML is reported, not overwritten', () => {
    expect(() => mergeCodexConfig('model = = 1', 'config.toml', { baseUrl: 'http://x', tokenEnv: false })).toThrow(/not valid TOML/);
  });
});
