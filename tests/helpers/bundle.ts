import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from './tmp';

export const ASSETS = path.join(ROOT, 'out/renderer/assets');

/** gzipped bytes of a built chunk and its static imports (not dynamic ones), each counted once per `seen`. */
export function staticClosure(file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const src = fs.readFileSync(path.join(ASSETS, file), 'utf8');
  let total = zlib.gzipSync(src).length;
  // static imports only: `import ... from "./x.js"` / `import "./x.js"` (dynamic ones are import("./x.js"))
  for (const m of src.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) total += staticClosure(m[1], seen);
  return total;
}

/**
 * The JS a user loads before the first chart view: index.html's entry chunks and the Simulate view's
 * chunk, with their static imports. Plotly must not be among them (it loads with the first chart).
 */
export function initialJs(): { gzipBytes: number; files: string[] } {
  const html = fs.readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8');
  const seen = new Set<string>();
  let total = 0;
  for (const m of html.matchAll(/assets\/([^"]+\.js)/g)) total += staticClosure(m[1], seen);
  const sim = fs.readdirSync(ASSETS).find((f) => /^Simulate-.*\.js$/.test(f));
  if (!sim) throw new Error('no Simulate-*.js chunk in out/renderer/assets: build first');
  total += staticClosure(sim, seen);
  return { gzipBytes: total, files: [...seen] };
}
