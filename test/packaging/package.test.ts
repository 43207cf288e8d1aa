/**
 * Packaging, checked offline: electron-builder packs the app for Linux (`--dir`) around a stub
 * Electron whose binary carries the fuse wire (see ../shared/TOOLCHAIN.md), so the real config is
 * exercised: which files go into app.asar, what is unpacked, the update feed, and the fuses it
 * flips, read back from the packed binary.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, … */
const DEFAULT_WIRE = '101100011';

let work: string;
let unpacked: string;
let asar: string;
let entries: string[];

/** An executable named `electron` that is not Electron but carries its fuse wire, plus what electron-builder copies. */
function stubElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(DEFAULT_WIRE)]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub electron"\n'), wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  for (const f of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(dir, f), '');
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/shell/main.mjs'))) await run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  work = mkdtempSync(join(tmpdir(), 'aimux-pack-'));
  stubElectron(join(work, 'electron-dist'));
  await run(
    process.execPath,
    [join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${join(work, 'electron-dist')}`, `-c.directories.output=${join(work, 'out')}`],
    { cwd: ROOT, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 16 * 1024 * 1024 },
  );
  unpacked = join(work, 'out', 'linux-unpacked');
  asar = join(unpacked, 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const read = (file: string) => extractFile(asar, file).toString('utf8');

describe('packaged app (electron-builder --linux dir, stub Electron)', () => {
  it('app.asar holds the main, preload and renderer entry points, and package.json points at main', () => {
    for (const f of ['/package.json', '/dist/shell/main.mjs', '/dist/shell/preload.cjs', '/dist/renderer/index.html', '/dist/shell/assets/tray-running.png', '/dist/shell/assets/tray-errorTemplate@2x.png']) {
      expect(entries).toContain(f);
    }
    const pkg = JSON.parse(read('package.json')) as { main: string; name: string };
    expect(pkg.main).toBe('dist/shell/main.mjs');
    expect(entries).toContain(`/${pkg.main}`);
  });

  it("the dashboard's scripts and styles that index.html loads are in it too", () => {
    const html = read('dist/renderer/index.html');
    const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => `/dist/renderer/${m[1]}`);
    for (const r of refs) expect(entries).toContain(r);
  });

  it('carries its production dependencies, and no sources, tests, source maps or .env files', () => {
    for (const dep of ['electron-store', 'electron-updater', 'undici', 'zod', '@napi-rs/keyring']) expect(entries).toContain(`/node_modules/${dep}/package.json`);
    const bad = entries.filter(
      (e) =>
        /\.map$/.test(e) ||
        /(^|\/)\.env(\.[^/]*)?$/.test(e) ||
        /\.ts$/.test(e) ||
        /^\/(test|electron|renderer|shared|scripts|bench|docs|build)(\/|$)/.test(e) ||
        /\/(test|tests|__tests__)\//.test(e) ||
        /^\/node_modules\/(electron|electron-builder|vitest|typescript|esbuild|playwright|@anthropic-ai|openai)\//.test(e),
    );
    expect(bad).toEqual([]);
  });

  it('unpacks the native keychain module (a .node file cannot load from inside asar)', () => {
    expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', '@napi-rs'))).toBe(true);
  });

  it('writes the GitHub update feed into the app', () => {
    const yml = readFileSync(join(unpacked, 'resources', 'app-update.yml'), 'utf8');
    expect(yml).toMatch(/provider: github/);
    expect(yml).toMatch(/owner: aimux/);
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no --inspect, app only from asar, asar integrity on', async () => {
    const fuses = await getCurrentFuseWire(join(unpacked, 'aimux'));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});
