#!/usr/bin/env node
import fs from 'node:fs';
import { configureEngineWorker } from '../engine';
import { runCli } from './program';

// Bundled build: the engine worker sits next to this file (out/main/engine-worker.js).
const bundledWorker = new URL('./engine-worker.js', import.meta.url);
if (import.meta.url.endsWith('.js') && fs.existsSync(bundledWorker)) configureEngineWorker({ file: bundledWorker });

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`workbench: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  },
);
