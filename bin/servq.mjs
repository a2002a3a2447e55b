#!/usr/bin/env node
// servq command-line entry: runs the compiled CLI (no TypeScript loader at run time: start-up counts).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('servq: not built yet; run `npm run build` (npm start and npm test build it for you)');
  process.exit(1);
}
await import(main.href);
