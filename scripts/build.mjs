// Bundles the headless CLI and the benchmark with esbuild (dependencies stay external, in node_modules),
// and the dashboard with Vite into dist/renderer (served by `aimux serve` at /ui/).
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build as viteBuild } from 'vite';

// A production dashboard even when called from a test run (vitest sets NODE_ENV=test, which would
// make Vite build React's development JSX and keep the dev-only fake API client).
process.env.NODE_ENV = 'production';
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { __AIMUX_VERSION__: JSON.stringify(pkg.version) },
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/core/bin.ts'], outfile: 'dist/cli.mjs' }),
  build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.mjs' }),
  build({ ...common, entryPoints: ['bench/upstream.ts'], outfile: 'dist/bench-upstream.mjs' }),
  buildDashboard(),
]);

/**
 * Vite builds into a fresh folder that then replaces dist/renderer in two renames, so a running
 * `aimux serve` (or a test serving the dashboard while another test rebuilds) never sees it half
 * written or emptied.
 */
async function buildDashboard() {
  const out = resolve('dist/renderer');
  const tmp = resolve(`dist/.renderer-${process.pid}`);
  const old = resolve(`dist/.renderer-old-${process.pid}`);
  await viteBuild({ configFile: 'renderer/vite.config.ts', mode: 'production', logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}
