#!/usr/bin/env node
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`workbench: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  },
);
