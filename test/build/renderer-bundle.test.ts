/**
 * The dashboard's first screen loads at most 250 KB of gzipped JavaScript; every other screen is a
 * separate chunk loaded when opened; index.html carries no inline script (the CSP forbids them).
 * Measures the build `npm test` just made (dist/renderer).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = join(__dirname, '../../dist/renderer');
const BUDGET = 250 * 1024;

/** The entry chunk and every chunk it imports statically (dynamic import() excluded). */
function firstScreenChunks(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => posix.normalize(m[1]!));
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const src = readFileSync(join(DIST, rel), 'utf8');
    for (const m of src.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\.?\/[^"']+)["']/g)) visit(posix.join(posix.dirname(rel), m[1]!));
  };
  entries.forEach(visit);
  return [...seen];
}

describe('dashboard bundle', () => {
  it('exists (npm run build writes dist/renderer)', () => {
    expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
  });

  it('loads at most 250 KB of gzipped JavaScript for the first screen', () => {
    const chunks = firstScreenChunks();
    expect(chunks.length).toBeGreaterThan(0);
    const sizes = chunks.map((c) => [c, gzipSync(readFileSync(join(DIST, c)), { level: 9 }).length] as const);
    const total = sizes.reduce((n, [, s]) => n + s, 0);
    console.log(`first-screen JS: ${(total / 1024).toFixed(1)} KB gzipped in ${chunks.length} chunk(s): ${sizes.map(([c, s]) => `${c} ${(s / 1024).toFixed(1)} KB`).join(', ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('loads the other screens lazily, as their own chunks', () => {
    const assets = readdirSync(join(DIST, 'assets'));
    for (const screen of ['ProvidersScreen', 'RoutingScreen', 'RequestsScreen', 'SpeedTestScreen', 'ClaudeCodeScreen', 'SettingsScreen']) {
      const chunk = assets.find((a) => a.startsWith(`${screen}-`) && a.endsWith('.js'));
      expect(chunk, `${screen} chunk`).toBeDefined();
      expect(firstScreenChunks()).not.toContain(`assets/${chunk}`);
    }
  });

  it('has no inline script and no development code in the build', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc=/);
      expect(m[2]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const all = readdirSync(join(DIST, 'assets')).filter((a) => a.endsWith('.js')).map((a) => readFileSync(join(DIST, 'assets', a), 'utf8')).join('\n');
    expect(all).not.toContain('only the desktop app has this'); // the fake client's words
    expect(all).not.toContain('jsxDEV'); // React's development build
  });
});
