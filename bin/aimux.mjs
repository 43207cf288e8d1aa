#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/ by `npm run build` (run automatically by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('aimux: dist/cli.mjs is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(cli);
