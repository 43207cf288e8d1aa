import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('docs', () => {
  it('docs/presets.md matches the provider preset data', () => {
    const root = join(__dirname, '../..');
    expect(() => execFileSync(process.execPath, [join(root, 'scripts/docs-presets.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
