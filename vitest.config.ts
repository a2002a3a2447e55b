import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/fast-check-seed.ts'],
    // A scratch folder per run for templates the files share (the demo database: test/helpers/demo-database.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    // Database tests open PGlite (WASM, seconds to start) and real servers: give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file gets its own PGlite directory / server schema; files run in parallel on 2 cores.
    pool: 'forks',
  },
});
