// Bundles the headless CLI and the benchmark with esbuild (dependencies stay external, in node_modules),
// and the dashboard with Vite into dist/renderer (served by `aimux serve` at /ui/).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { build as viteBuild } from 'vite';

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
  viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' }),
]);
