#!/usr/bin/env node
import fs from 'node:fs';
import { configureEngineWorker } from '../engine';
import { runCli } from './program';

// Bundled build: the engine worker sits next to this file (out/main/engine-worker.js).
const bundledWorker = new URL('./engine-worker.js', import.meta.url);
if (import.meta.url.endsWith('.js') && fs.existsSync(bundledWorker)) configureEngineWorker({ file: bundledWorker });

/** Exit only after stdout/stderr have flushed: process.exit() would cut large --json output on a pipe. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

runCli(process.argv.slice(2)).then(exitAfterFlush, (e) => {
  process.stderr.write(`workbench: ${(e as Error)?.message ?? e}\n`);
  exitAfterFlush(1);
});
