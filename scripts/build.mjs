// Bundles the headless CLI and the benchmark with esbuild (dependencies stay external, in node_modules,
// except undici, which the CLI bundles without its HTTP/2 client: see noHttp2 below),
// and the desktop shell: the Electron main process (ESM, dependencies external: electron-builder packs
// them) and the preload (one CommonJS file with everything inlined but `electron`: a sandboxed preload
// cannot load modules), with the tray icons beside them; and the dashboard with Vite into dist/renderer
// (served by `aimux serve` at /ui/ and loaded by the desktop window).
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

// undici's HTTP/1 client loads node:http2 at startup (for its HTTP/2 client), which costs `aimux serve`
// ~6 MB of RSS although aimux never opens HTTP/2 connections upstream (docs/benchmarks.md, "Memory").
// In the CLI bundle node:http2 is an empty module, the fallback undici itself has for runtimes without it.
const noHttp2 = {
  name: 'no-http2',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http2$/ }, () => ({ path: 'http2', namespace: 'no-http2' }));
    b.onLoad({ filter: /.*/, namespace: 'no-http2' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
  },
};
// An ES `import` of a Node builtin builds its ESM facade, which reads every export, getters included:
// `import … from 'node:http'` alone loads tls, http2, zlib, perf_hooks, worker_threads and Node's own
// copy of undici (+10 MB RSS; `require('node:http')` loads none of them). In the CLI bundle every
// builtin our sources import is therefore a CommonJS require (the banner's `require`).
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => (a.kind === 'import-statement' || a.kind === 'dynamic-import' ? { path: a.path, namespace: 'builtin-require' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (a) => ({ contents: `module.exports = require(${JSON.stringify(a.path)});`, loader: 'js' }));
  },
};
// Every other runtime dependency stays in node_modules (native modules, worker files, pino's transports).
const cliExternal = Object.keys(pkg.dependencies)
  .filter((d) => d !== 'undici')
  .flatMap((d) => [d, `${d}/*`]);

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
  build({
    ...common,
    packages: undefined,
    external: cliExternal,
    plugins: [noHttp2, builtinsViaRequire],
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    // undici is CommonJS: its require() calls of Node builtins need a real require in the ESM bundle.
    banner: { js: "import { createRequire as __aimuxCreateRequire } from 'node:module'; const require = __aimuxCreateRequire(import.meta.url);" },
    entryPoints: ['electron/core/bin.ts'],
    outfile: 'dist/cli.mjs',
  }),
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
  buildDashboard(),
]);
rmSync('dist/shell/contract-lists.mjs');
cpSync('electron/shell/assets', 'dist/shell/assets', { recursive: true });

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

// The config's JSON Schema, derived from the zod schema (published beside the CLI; aimux also writes
// it next to each config.json it saves, which names it in "$schema").
const { execFileSync } = await import('node:child_process');
const { writeFileSync } = await import('node:fs');
writeFileSync('dist/config.schema.json', execFileSync(process.execPath, ['dist/cli.mjs', 'config', 'schema']));
