import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport } from '../../../src-shared/report/model';
import { pandocVersion } from '../../../src-main/reports/docx';
import { PandocMissingError } from '../../../src-main/reports/errors';
import { writeReport } from '../../../src-main/reports/write';
import { runReport, validationReport } from '../../unit/report/fixtures';
import { requireTool } from './helpers';

let dir: string;
let pandoc: string;
beforeAll(async () => {
  pandoc = requireTool('pandoc');
  requireTool('unzip');
  dir = await mkdtemp(join(tmpdir(), 'pmoves-pandoc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Markdown through pandoc', () => {
  it('pandoc accepts the Markdown and renders the tables, escaped names and title', async () => {
    const md = renderMarkdown(parseReport(runReport()));
    const file = join(dir, 'run.md');
    await writeFile(file, md);
    const html = execFileSync(pandoc, ['-f', 'markdown', '-t', 'html', '--standalone', file], { encoding: 'utf8' });
    expect(html).toContain('<title>Cooperative vs Traditional: Baseline run</title>');
    expect((html.match(/<table/g) ?? []).length).toBeGreaterThanOrEqual(7);
    expect(html).toMatch(/<caption>Weekly history \(A = traditional, B = cooperative\)<\/caption>/);
    expect(html).toContain('Pipe | Table');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('$5 Deal @home *bold* _u_');
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toContain('class="math'); // no $…$ math
    expect(html).not.toContain('class="citation"'); // no @citations
    expect(html).toContain('id="sec-members"');
    // the same Markdown is also valid GFM
    const gfm = execFileSync(pandoc, ['-f', 'gfm', '-t', 'html', file], { encoding: 'utf8' });
    expect(gfm).toMatch(/<td[^>]*>Pipe \| Table<\/td>/);
  });
});

describe('DOCX', () => {
  it('writes a DOCX whose word/document.xml has the title, headings and table cells', async () => {
    expect(await pandocVersion()).toMatch(/^\d+\.\d+/);
    const out = join(dir, 'validation.docx');
    const res = await writeReport(validationReport(), 'docx', out);
    expect(res.bytes).toBeGreaterThan(5000);
    const head = await readFile(out);
    expect(head.subarray(0, 2).toString()).toBe('PK');
    const xml = execFileSync('unzip', ['-p', out, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(xml).toContain('<w:pStyle w:val="Title" />');
    const paragraphs = xml.split('</w:p>').map((p) => p.replace(/<[^>]+>/g, ''));
    expect(paragraphs).toContain('Economic model validation'); // pandoc splits words into runs
    expect(paragraphs).toContain('Confidence levels');
    expect(paragraphs).toContain('Local Production Savings (25%)');
    expect(paragraphs).toContain('0.267');
  });

  it('fails with a clear typed error when pandoc is not installed', async () => {
    const err = await writeReport(validationReport(), 'docx', join(dir, 'x.docx'), { pandocPath: join(dir, 'no-such-pandoc') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PandocMissingError);
    expect((err as PandocMissingError).code).toBe('PANDOC_MISSING');
    expect((err as Error).message).toMatch(/^pandoc is not installed .*apt-get install pandoc/);
    expect(await pandocVersion({ pandocPath: join(dir, 'no-such-pandoc') })).toBeNull();
  });
});

describe('DOCX target', () => {
  it('replaces a symbolic link at the target name instead of writing through it into the file it points to', async () => {
    // Every other format writes a temporary file and renames it into place; DOCX copied pandoc's
    // output onto the target path, which follows a link planted there (e.g. in a shared folder).
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious\n');
    const out = join(dir, 'linked.docx');
    const { symlinkSync, lstatSync, readdirSync } = await import('node:fs');
    symlinkSync(victim, out);
    const r = await writeReport(validationReport(), 'docx', out, { pandocPath: pandoc });
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(lstatSync(out).size).toBe(r.bytes);
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(dir).filter((f) => f.includes('linked.docx') && f !== 'linked.docx')).toEqual([]);
  });
});
