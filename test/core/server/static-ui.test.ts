/**
 * The dashboard's static files at /ui/ through the real core server: content types, CSP, caching,
 * and nothing outside the build folder.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInConfig } from '../../../electron/core/config/load';
import { createCore } from '../../../electron/core/index';
import type { CoreHandle } from '../../../electron/core/index';
import { UI_CSP, createUiMount, uiRelativePath } from '../../../electron/core/server/static-ui';

let core: CoreHandle;
let bare: CoreHandle;
let url: string;
let bareUrl: string;
const root = mkdtempSync(join(tmpdir(), 'aimux-ui-'));
const dir = join(root, 'renderer');

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>aimux</title><script type="module" src="./assets/index-AbCd1234.js"></script>');
  writeFileSync(join(dir, 'assets/index-AbCd1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets/index-AbCd1234.css'), 'body{}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  symlinkSync(join(root, 'secret.txt'), join(dir, 'link.txt'));
  core = createCore({ config: builtInConfig(), mounts: [createUiMount(dir)] });
  url = await core.listen('127.0.0.1', 0);
  bare = createCore({ config: builtInConfig(), mounts: [createUiMount(join(root, 'missing'))] });
  bareUrl = await bare.listen('127.0.0.1', 0);
});
afterAll(async () => {
  await core.close(0);
  await bare.close(0);
});

describe('static dashboard files', () => {
  it('serves index.html at /ui/ with the strict CSP and no-cache', async () => {
    const r = await fetch(`${url}/ui/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toBe(UI_CSP);
    for (const d of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toContain('<title>aimux</title>');
  });

  it('redirects /ui to /ui/', async () => {
    const r = await fetch(`${url}/ui`, { redirect: 'manual' });
    expect(r.status).toBe(308);
    expect(r.headers.get('location')).toBe('/ui/');
  });

  it('caches hashed assets as immutable, with their content type', async () => {
    const js = await fetch(`${url}/ui/assets/index-AbCd1234.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await fetch(`${url}/ui/assets/index-AbCd1234.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(`${url}/ui/favicon.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers HEAD with headers only', async () => {
    const r = await fetch(`${url}/ui/assets/index-AbCd1234.js`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe('14');
    expect(await r.text()).toBe('');
  });

  it('refuses paths that leave the folder, and files that are not there', async () => {
    for (const p of ['/ui/..%2f..%2fpackage.json', '/ui/%2e%2e/secret.txt', '/ui/assets/..%5c..%5csecret.txt', '/ui/%00', '/ui//etc/passwd']) {
      const r = await fetch(`${url}${p}`);
      expect([400, 404]).toContain(r.status);
      expect(await r.text()).not.toContain('outside');
    }
    expect((await fetch(`${url}/ui/link.txt`)).status).toBe(404);
    expect((await fetch(`${url}/ui/nope.js`)).status).toBe(404);
    expect((await fetch(`${url}/ui/assets`)).status).toBe(404);
  });

  it('allows only GET and HEAD', async () => {
    const r = await fetch(`${url}/ui/`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(405);
  });

  it('says how to build the dashboard when the build is missing, and keeps / as the preflight route', async () => {
    const r = await fetch(`${bareUrl}/ui/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
    const pre = await fetch(`${bareUrl}/`);
    expect(pre.status).toBe(200);
    expect(((await pre.json()) as { service: string }).service).toBe('aimux');
  });

  it('maps /ui/ paths to relative files or refuses them', () => {
    expect(uiRelativePath('/ui/')).toBe('index.html');
    expect(uiRelativePath('/ui/assets/a-12345678.js')).toBe('assets/a-12345678.js');
    expect(uiRelativePath('/ui/a/../b')).toBeUndefined();
    expect(uiRelativePath('/ui/%E0%A4%A')).toBeUndefined();
  });
});
