/**
 * Import rules the architecture depends on: the core never sees Electron (it runs and is tested in
 * plain Node), and shared/ runs in every process (no node:*, no electron, no DOM-only code).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');

function files(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(e)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  }
  return found;
}

const coreFiles = files(join(ROOT, 'electron/core'));
const sharedFiles = files(join(ROOT, 'shared'));
const shellFiles = files(join(ROOT, 'electron/shell'));
const preloadFiles = files(join(ROOT, 'electron/preload'));

/** Imports that exist at run time (`import type` is erased). */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8').replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g)].map(
    (m) => (m[1] ?? m[2] ?? m[3] ?? m[4])!,
  );
}

/** Where a relative import lands, from the repository root (`shared/api/contract`); bare specifiers as they are. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(ROOT, join(dirname(file), spec)).split(sep).join('/') : spec;
}

describe('architecture boundaries', () => {
  it('finds the core sources', () => {
    expect(coreFiles.length).toBeGreaterThan(20);
  });

  it('the core never imports electron, the shell, the preload or the renderer', () => {
    const bad: string[] = [];
    for (const f of [...coreFiles, ...sharedFiles]) {
      for (const i of imports(f)) {
        if (i === 'electron' || i.startsWith('electron/') || /(^|\/)(shell|preload|renderer)(\/|$)/.test(i) || i.startsWith('electron-')) {
          bad.push(`${relative(ROOT, f)} imports ${i}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('shared/ imports no node: modules', () => {
    const bad = sharedFiles.flatMap((f) => imports(f).filter((i) => i.startsWith('node:') || ['fs', 'path', 'os', 'http', 'crypto'].includes(i)).map((i) => `${relative(ROOT, f)} imports ${i}`));
    expect(bad).toEqual([]);
  });

  it('the import scanner itself sees a forbidden import', () => {
    expect(imports(join(__dirname, 'boundaries.test.ts'))).toContain('node:fs');
  });

  it('the preload imports only electron, shared/ and its own folder', () => {
    expect(preloadFiles.length).toBeGreaterThan(0);
    const bad = preloadFiles.flatMap((f) =>
      imports(f)
        .map((i) => target(f, i))
        .filter((t) => t !== 'electron' && !t.startsWith('shared/') && !t.startsWith('electron/preload/'))
        .map((t) => `${relative(ROOT, f)} imports ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it("at run time the preload loads no schema code: only electron, its bridge and the channel names", () => {
    const bad = preloadFiles.flatMap((f) =>
      runtimeImports(f)
        .map((i) => target(f, i))
        .filter((t) => !['electron', 'electron/preload/bridge', 'shared/api/ipc-channels'].includes(t))
        .map((t) => `${relative(ROOT, f)} loads ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('the shell never imports the preload or the renderer (they run in other processes)', () => {
    expect(shellFiles.length).toBeGreaterThan(5);
    const bad = shellFiles.flatMap((f) =>
      imports(f)
        .map((i) => target(f, i))
        .filter((t) => /^(electron\/preload|renderer)(\/|$)/.test(t))
        .map((t) => `${relative(ROOT, f)} imports ${t}`),
    );
    expect(bad).toEqual([]);
  });

  it('core modules stay small (split by domain before 400 lines)', () => {
    const big = [...coreFiles, ...shellFiles, ...preloadFiles].map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 400);
    expect(big).toEqual([]);
  });
});
