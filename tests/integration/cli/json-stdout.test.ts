// With --json, stdout carries one JSON document and nothing else, for every command that takes it.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('wb-cli-json-');
afterAll(() => t.cleanup());
const dd = ['--data-dir', path.join(t.dir, 'data')];

describe('--json stdout', () => {
  it('firefly rules reset --json prints the rules now in force (as rules get), not a line of text', async () => {
    const r = await runCli([...dd, 'firefly', 'rules', 'reset', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const reset = JSON.parse(r.stdout);
    const got = await runCli([...dd, 'firefly', 'rules', 'get']);
    expect(reset).toEqual(JSON.parse(got.stdout));
    expect(Object.keys(reset.rules)).toEqual(expect.arrayContaining(['exact', 'fuzzy', 'foodKeywords', 'defaultCategory']));
    // The global flag before the command does the same; without --json it stays a sentence.
    const before = await runCli([...dd, '--json', 'firefly', 'rules', 'reset']);
    expect(JSON.parse(before.stdout)).toEqual(reset);
    const text = await runCli([...dd, 'firefly', 'rules', 'reset']);
    expect(text.stdout).toBe('mapping rules reset to the defaults\n');
  });
});
