// `serve --json`: like every command with --json, stdout is one JSON object ({url, launchUrl}), on one
// line so a script can read it while serve keeps running. It printed the two text lines regardless.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../../helpers/tmp';

const t = tmpDir('wb-serve-json-');
afterAll(() => t.cleanup());

/** Starts `serve` (as runCli starts the CLI), returns stdout's first line, then stops it with SIGTERM. */
function firstLineOfServe(args: string[]): Promise<{ line: string; code: number | null; stdout: string }> {
  const built = process.env.WORKBENCH_CLI === 'built';
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const argv = built ? [path.join(ROOT, 'out/main/cli.js'), ...args] : ['--import', tsx, path.join(ROOT, 'src-main/cli/main.ts'), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let line: string | null = null;
    child.stdout.on('data', (c) => {
      stdout += c;
      if (line === null && stdout.includes('\n')) {
        line = stdout.slice(0, stdout.indexOf('\n'));
        // Let a second line show (the text mode prints two) before stopping it.
        setTimeout(() => child.kill('SIGTERM'), 300);
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (line === null) reject(new Error(`serve printed no line: ${stderr}`));
      else resolve({ line, code, stdout });
    });
  });
}

describe('serve --json', () => {
  it('prints one JSON object {url, launchUrl} on one line, and the URL it names answers with the token', async () => {
    for (const args of [['--json', 'serve'], ['serve', '--json']]) {
      const r = await firstLineOfServe(['--data-dir', path.join(t.dir, args[0].replace(/\W/g, '')), ...args]);
      const served = JSON.parse(r.line) as { url: string; launchUrl: string };
      expect(Object.keys(served), args.join(' ')).toEqual(['url', 'launchUrl']);
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(served.launchUrl.startsWith(`${served.url}/?token=`)).toBe(true);
      // Nothing else on stdout: the whole of it is that one document.
      expect(JSON.parse(r.stdout)).toEqual(served);
    }
  }, 120_000);

  it('the launch URL from --json opens the API (token accepted) while serve runs', async () => {
    const built = process.env.WORKBENCH_CLI === 'built';
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const args = ['--data-dir', path.join(t.dir, 'api'), '--json', 'serve'];
    const argv = built ? [path.join(ROOT, 'out/main/cli.js'), ...args] : ['--import', tsx, path.join(ROOT, 'src-main/cli/main.ts'), ...args];
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        child.on('close', () => reject(new Error('serve exited')));
      });
      const { url, launchUrl } = JSON.parse(line) as { url: string; launchUrl: string };
      const token = new URL(launchUrl).searchParams.get('token');
      const res = await fetch(`${url}/api/op/app.info`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { output: { name: string } }).output.name).toBe('PMOVES Workbench');
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
