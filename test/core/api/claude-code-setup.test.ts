/** Claude Code's setup through the management API: what to paste, apply (merging into settings.json), undo. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from '../../../shared/api/errors';
import { startService } from '../../support/service';
import type { TestService } from '../../support/service';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

describe('Claude Code setup through the API', () => {
  it('shows the env lines and snippet, merges them into settings.json keeping the rest, and undoes it', async () => {
    svc = await startService();
    const dir = join(svc.dataDir, 'claude');
    mkdirSync(dir, { recursive: true });
    const original = '{\n  // mine\n  "model": "opus",\n  "env": { "FOO": "bar" }\n}\n';
    writeFileSync(join(dir, 'settings.json'), original);
    const before = await svc.api.getClaudeCodeSetup();
    expect(before).toMatchObject({ baseUrl: svc.url, state: 'not-configured', canUndo: false, settingsPath: join(dir, 'settings.json') });
    expect(before.envLines).toEqual([`export ANTHROPIC_BASE_URL=${svc.url}`]);
    expect(JSON.parse(before.settingsSnippet)).toEqual({ env: { ANTHROPIC_BASE_URL: svc.url } });

    const after = await svc.api.applyClaudeCodeSetup();
    expect(after).toMatchObject({ state: 'configured', canUndo: true });
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(text).toContain('// mine');
    expect(text).toContain('"FOO": "bar"');
    expect(text).toContain(`"ANTHROPIC_BASE_URL": "${svc.url}"`);

    const undone = await svc.api.undoClaudeCodeSetup();
    expect(undone).toMatchObject({ state: 'not-configured', canUndo: false });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(original);
    const again = await svc.api.undoClaudeCodeSetup().catch((e: unknown) => e);
    expect(isApiError(again) && again.code).toBe('NOT_FOUND');
  });

  it('refuses to write over a settings file it cannot parse', async () => {
    svc = await startService();
    const dir = join(svc.dataDir, 'claude');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), '{ "env": ');
    expect((await svc.api.getClaudeCodeSetup()).state).toBe('unreadable');
    const e = await svc.api.applyClaudeCodeSetup().catch((x: unknown) => x);
    expect(isApiError(e) && e.code).toBe('CONFLICT');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{ "env": ');
  });
});
