// Installs the pinned OpenAI Codex CLI used by test/cli/codex-cli.test.ts into .tools/codex (git-ignored,
// about 400 MB with its platform binary). Not a dependency of aimux: `.ci/run` calls this before `npm test`.
// Does nothing when the pinned version is already there. Exit code 0 even when the install fails (the test
// then skips, printing why), so a machine without registry access can still run the rest of the suite.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

export const CODEX_VERSION = '0.169.0';
const root = new URL('..', import.meta.url);
const prefix = new URL('.tools/codex/', root);
const pkg = new URL('node_modules/@openai/codex/package.json', prefix);

const installed = existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : undefined;
if (installed === CODEX_VERSION) {
  console.log(`codex ${CODEX_VERSION} already in .tools/codex`);
} else {
  mkdirSync(prefix, { recursive: true });
  console.log(`installing @openai/codex@${CODEX_VERSION} into .tools/codex (about 400 MB)…`);
  try {
    execFileSync('npm', ['install', '--prefix', prefix.pathname, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${CODEX_VERSION}`], { stdio: 'inherit' });
  } catch (err) {
    console.error(`codex install failed (${err instanceof Error ? err.message : String(err)}): the Codex CLI test will skip`);
  }
}
