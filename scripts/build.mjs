// Bundles the headless CLI and the benchmark with esbuild. Dependencies stay external (node_modules).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

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
]);

// The config's JSON Schema, derived from the zod schema (published beside the CLI; aimux also writes
// it next to each config.json it saves, which names it in "$schema").
const { execFileSync } = await import('node:child_process');
const { writeFileSync } = await import('node:fs');
writeFileSync('dist/config.schema.json', execFileSync(process.execPath, ['dist/cli.mjs', 'config', 'schema']));
