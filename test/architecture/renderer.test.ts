/**
 * The dashboard's rules, checked on its sources: it reaches aimux only through the one client module
 * (no fetch anywhere else, no other transport), never imports Node or the core, keeps the admin token
 * out of cookies and localStorage, and keeps components small.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const RENDERER = join(ROOT, 'renderer');
const CLIENT_MODULE = 'renderer/api/create-client.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e) && !e.endsWith('.d.ts') ? [p] : [];
  });
}

const sources = files(RENDERER)
  .filter((f) => !f.endsWith('vite.config.ts'))
  .map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
const shipped = sources.filter((s) => !s.path.startsWith('renderer/dev/'));

describe('renderer boundaries', () => {
  it('finds the renderer sources', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('calls fetch nowhere (the shared HTTP client does, behind ApiClient)', () => {
    expect(sources.filter((s) => /\bfetch\s*\(/.test(s.text)).map((s) => s.path)).toEqual([]);
  });

  it('creates the API client in one module only', () => {
    const makers = sources.filter((s) => /\bcreate(Http|Ipc)Client\s*\(|window\.aimux\b/.test(s.text)).map((s) => s.path);
    expect(makers).toEqual([CLIENT_MODULE]);
  });

  it('imports neither Node nor the core nor Electron', () => {
    const bad = sources.flatMap((s) =>
      [...s.text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!).filter((i) => i.startsWith('node:') || i.includes('electron/') || i === 'electron').map((i) => `${s.path} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('keeps the admin token out of cookies and localStorage', () => {
    const bad = shipped.filter((s) => /document\.cookie|localStorage\.[a-zA-Z]+\([^)]*[Tt]oken/.test(s.text)).map((s) => s.path);
    expect(bad).toEqual([]);
  });

  it('keeps components under about 250 lines', () => {
    const big = shipped.filter((s) => s.path.endsWith('.tsx') && s.text.split('\n').length > 250).map((s) => s.path);
    expect(big).toEqual([]);
  });
});
