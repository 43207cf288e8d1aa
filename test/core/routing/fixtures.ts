/** The recorded Claude Code requests in ../shared/fixtures/claude-code (see its README). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLAUDE_CODE_FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/claude-code', import.meta.url));

export interface RecordedRequest {
  /** `v2.1.330/tui-main.request.json` */
  name: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export function loadClaudeCodeRequests(): RecordedRequest[] {
  const out: RecordedRequest[] = [];
  for (const version of readdirSync(CLAUDE_CODE_FIXTURES, { withFileTypes: true })) {
    if (!version.isDirectory()) continue;
    for (const file of readdirSync(join(CLAUDE_CODE_FIXTURES, version.name)).sort()) {
      if (!file.endsWith('.json')) continue;
      const j = JSON.parse(readFileSync(join(CLAUDE_CODE_FIXTURES, version.name, file), 'utf8')) as RecordedRequest;
      out.push({ name: `${version.name}/${file}`, headers: j.headers, body: j.body });
    }
  }
  return out;
}
