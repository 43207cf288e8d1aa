// Installs the pinned Claude Code CLI into .tools/claude-code (git-ignored), for the end-to-end test that runs the
// real client through `aimux claude`. Not a package.json dependency: the platform package is ~245 MB and only that
// test needs it. Idempotent: does nothing when the pinned version is already there. Never fails the caller: when the
// registry cannot be reached the test skips and says why.
//
//   node scripts/setup-claude-code.mjs            install (or keep) the pinned version
//   node scripts/setup-claude-code.mjs --print    print the path of the `claude` binary, or nothing
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The version the recorded fixtures in ../shared/fixtures/claude-code/v2.1.330 came from. */
export const CLAUDE_CODE_VERSION = '2.1.330';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = `${root}.tools/claude-code`;
const pkgJson = `${prefix}/node_modules/@anthropic-ai/claude-code/package.json`;
export const CLAUDE_BIN = `${prefix}/node_modules/.bin/claude`;

function installedVersion() {
  try {
    return JSON.parse(readFileSync(pkgJson, 'utf8')).version;
  } catch {
    return undefined;
  }
}

function works() {
  try {
    const out = execFileSync(CLAUDE_BIN, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return out.includes(CLAUDE_CODE_VERSION);
  } catch {
    return false;
  }
}

if (process.argv.includes('--print')) {
  if (installedVersion() === CLAUDE_CODE_VERSION && existsSync(CLAUDE_BIN)) process.stdout.write(`${CLAUDE_BIN}\n`);
  process.exit(0);
}

if (installedVersion() === CLAUDE_CODE_VERSION && works()) {
  console.log(`claude-code ${CLAUDE_CODE_VERSION} already in .tools/claude-code`);
  process.exit(0);
}
mkdirSync(prefix, { recursive: true });
// A package.json of its own, so npm installs here and never touches the project's.
writeFileSync(`${prefix}/package.json`, JSON.stringify({ name: 'aimux-test-tools-claude-code', private: true }) + '\n');
try {
  console.log(`installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} into .tools/claude-code …`);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`],
    { stdio: 'inherit', timeout: 15 * 60_000 },
  );
} catch (err) {
  console.log(`claude-code install failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); its test will skip`);
  process.exit(0);
}
console.log(works() ? `claude-code ${CLAUDE_CODE_VERSION} ready: ${CLAUDE_BIN}` : 'claude-code installed but `claude --version` failed; its test will skip');
