#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/ by `npm run build` (run automatically by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `aimux serve` is a long-running proxy. A smaller young generation (2 MB semi-spaces instead of 16),
// optimizing compilation on the main thread (no compiler zones on helper threads during the first bursts
// of traffic; a hot function's optimization then takes a few ms of the event loop while the proxy warms
// up), no pretenuring, an old generation allowed 30% over its live size, WebAssembly kept at V8's
// baseline tier (undici's HTTP parser is WebAssembly; optimizing it takes a ~14 MB compiler zone at the
// first burst of traffic, for no measurable gain in CPU per request) and one malloc arena keep its peak
// RSS near 95 MB at 50 concurrent requests instead of ~196 MB, with the event loop's CPU per request within
// 3% of Node's defaults and the whole process's 5–13% lower (4 MB semi-spaces use 4–8% less CPU but
// peaked at 98.3–100.6 MB; docs/benchmarks.md, 2026-12-03). V8 sizes the young generation only at start
// and glibc reads MALLOC_ARENA_MAX only at start,
// so the launcher re-executes itself with them; process.execve keeps the same process (pid, stdio,
// signals). Where it is missing (Windows, Node < 22.15) the proxy runs with the defaults. Flags given
// explicitly (`node --max-semi-space-size=… bin/aimux.mjs`) come later and win; AIMUX_NODE_FLAGS=off
// turns this off (about twice the memory).
const SERVE_NODE_FLAGS = ['--max-semi-space-size=2', '--no-concurrent-recompilation', '--no-allocation-site-pretenuring', '--heap-growing-percent=30', '--liftoff-only'];

if (process.argv[2] === 'serve' && typeof process.execve === 'function' && process.env.AIMUX_NODE_FLAGS !== 'off' && !process.execArgv.includes(SERVE_NODE_FLAGS[0])) {
  const env = { MALLOC_ARENA_MAX: '1', ...process.env };
  process.execve(process.execPath, [process.execPath, ...SERVE_NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], env);
}

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('aimux: dist/cli.mjs is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(cli);
