/** The recorded client requests in ../shared/fixtures (outside this repository, beside the checkout). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, '../../../shared/fixtures');

export interface RecordedClientRequest {
  name: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, any>;
}

export function claudeCodeRequests(): RecordedClientRequest[] {
  const root = join(FIXTURES_DIR, 'claude-code');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ name: `${d.name}/${f}`, ...JSON.parse(readFileSync(join(root, d.name, f), 'utf8')) })),
    );
}
