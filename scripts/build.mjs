// Bundles the headless CLI and the benchmark with esbuild (dependencies stay external, in node_modules),
// and the desktop shell: the Electron main process (ESM, dependencies external: electron-builder packs
// them) and the preload (one CommonJS file with everything inlined but `electron`: a sandboxed preload
// cannot load modules), with the tray icons beside them.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

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

// The preload's channel allowlist, taken from the contract itself (so the preload needs neither zod
// nor the schemas): bundle the lists once, import them, write them into the preload as constants.
await build({
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  stdin: { contents: "export { API_METHODS } from './shared/api/contract'; export { API_EVENTS } from './shared/api/events';", resolveDir: '.', loader: 'ts' },
  outfile: 'dist/shell/contract-lists.mjs',
});
const lists = await import(pathToFileURL('dist/shell/contract-lists.mjs').href);

await Promise.all([
  build({ ...common, entryPoints: ['electron/core/bin.ts'], outfile: 'dist/cli.mjs' }),
  build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.mjs' }),
  build({ ...common, entryPoints: ['bench/upstream.ts'], outfile: 'dist/bench-upstream.mjs' }),
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/shell/main.mjs' }),
  build({
    ...common,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    packages: undefined,
    external: ['electron'],
    define: { ...common.define, __AIMUX_API_METHODS__: JSON.stringify(lists.API_METHODS), __AIMUX_API_EVENTS__: JSON.stringify(lists.API_EVENTS) },
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/shell/preload.cjs',
  }),
]);
rmSync('dist/shell/contract-lists.mjs');
cpSync('electron/shell/assets', 'dist/shell/assets', { recursive: true });
// Until the dashboard's own build exists, the desktop window shows a placeholder page.
if (!existsSync('renderer/vite.config.ts') && !existsSync('dist/renderer/index.html')) {
  mkdirSync('dist/renderer', { recursive: true });
  cpSync('electron/shell/placeholder/index.html', 'dist/renderer/index.html');
}

// The config's JSON Schema, derived from the zod schema (published beside the CLI; aimux also writes
// it next to each config.json it saves, which names it in "$schema").
const { execFileSync } = await import('node:child_process');
const { writeFileSync } = await import('node:fs');
writeFileSync('dist/config.schema.json', execFileSync(process.execPath, ['dist/cli.mjs', 'config', 'schema']));
