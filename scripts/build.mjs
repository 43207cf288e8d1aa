// Bundles the headless CLI and the benchmark with esbuild. The benchmark's dependencies stay external
// (node_modules); the CLI bundles undici, its only runtime dependency (see noHttp2 below).
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

await Promise.all([
  build({
    ...common,
    packages: undefined,
    plugins: [noHttp2],
    // undici is CommonJS: its require() calls of Node builtins need a real require in the ESM bundle.
    banner: { js: "import { createRequire as __aimuxCreateRequire } from 'node:module'; const require = __aimuxCreateRequire(import.meta.url);" },
    entryPoints: ['electron/core/bin.ts'],
    outfile: 'dist/cli.mjs',
  }),
  build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.mjs' }),
  build({ ...common, entryPoints: ['bench/upstream.ts'], outfile: 'dist/bench-upstream.mjs' }),
]);
