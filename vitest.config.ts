import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // electron-store imports `electron` at load; inlined, the shell tests' vi.mock('electron') reaches it.
    server: { deps: { inline: ['electron-store'] } },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
