// `npm run build` pointed at a script that was never written (scripts/build-cli.mjs) and
// `npm run bench` at bench/run.ts: every file an npm script runs must exist in the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;

/** Repository files a script command runs: `node [--import tsx] FILE`, `bash FILE`. */
export function scriptFiles(command: string): string[] {
  const files: string[] = [];
  for (const m of command.matchAll(/\b(?:node|bash|tsx)\s+(?:--import\s+\S+\s+)?([\w./-]+\.(?:m?[jt]s|sh))\b/g)) files.push(m[1]);
  return files;
}

describe('package.json scripts', () => {
  it('finds the files in a command', () => {
    expect(scriptFiles('electron-vite build && node scripts/build-cli.mjs')).toEqual(['scripts/build-cli.mjs']);
    expect(scriptFiles('node --import tsx bench/engine.ts && bash scripts/test-all.sh')).toEqual(['bench/engine.ts', 'scripts/test-all.sh']);
    expect(scriptFiles('vitest run --project unit')).toEqual([]);
  });
  it('every file a script runs exists', () => {
    const missing = Object.entries(scripts).flatMap(([name, cmd]) => scriptFiles(cmd).filter((f) => !existsSync(join(root, f))).map((f) => `${name}: ${f}`));
    expect(missing).toEqual([]);
    expect(Object.values(scripts).flatMap(scriptFiles).length).toBeGreaterThanOrEqual(4);
  });
});
