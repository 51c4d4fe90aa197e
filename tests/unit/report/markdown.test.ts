import { describe, expect, it } from 'vitest';
import { escapeBlock, escapeInline, renderMarkdown } from '../../../src-shared/report/markdown';
import { parseReport } from '../../../src-shared/report/model';
import { runReport, validationReport } from './fixtures';

describe('markdown renderer', () => {
  const md = renderMarkdown(parseReport(runReport()));

  it('says when it was generated as people read it, in UTC (it printed "2026-11-27T23:09:52.503Z"); the appendix keeps the exact ISO time', async () => {
    const { readableTime } = await import('../../../src-shared/report/format');
    expect(readableTime('2026-11-27T23:09:52.503Z')).toBe('2026-11-27 23:09:52 UTC');
    expect(readableTime('2026-11-28T01:09:52+02:00')).toBe('2026-11-27 23:09:52 UTC');
    expect(readableTime('not a date')).toBe('not a date');
    const md = renderMarkdown(parseReport({ ...runReport(), generatedAt: '2026-11-27T23:09:52.503Z' }));
    expect(md).toContain('report · generated 2026-11-27 23:09:52 UTC · PMOVES Workbench');
    expect(md).toContain('| Generated | 2026-11-27T23:09:52.503Z |');
  });

  it('starts with a YAML title block with quoted strings', () => {
    const head = md.split('\n').slice(0, 7).join('\n');
    expect(head).toMatch(/^---\ntitle: "Cooperative vs Traditional: Baseline run"\nsubtitle: "Baseline preset · 40 members · 156 weeks"\ndate: "2025-06-01T12:00:00.000Z"/);
  });

  it('has a heading per section and pipe tables whose rows all have the same number of cells', () => {
    for (const h of ['Summary', 'Wealth, inequality and poverty over time', 'Final week comparison', 'Weekly history', 'Final member states', 'Appendix: inputs']) {
      expect(md).toContain(`## ${h}`);
    }
    const tables = md.split(/\n\n/).filter((b) => b.startsWith('| '));
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const t of tables) {
      const lines = t.split('\n').filter((l) => l.startsWith('|'));
      // split on unescaped pipes only
      const counts = lines.map((l) => l.split(/(?<!\\)\|/).length);
      expect(new Set(counts).size, t.slice(0, 200)).toBe(1);
      expect(lines[1]).toMatch(/^\|(:?---:?\|)+$/);
    }
  });

  it('escapes names with pipes, dollars, markup and HTML', () => {
    expect(md).toContain('Pipe \\| Table');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\$5 Deal \\@home \\*bold\\* \\_u\\_');
    expect(md).toContain('Line Break Co-op'); // newline folded
    expect(md).not.toContain('<script>');
    expect(escapeBlock('- not a list')).toBe('\\- not a list');
    expect(escapeBlock('1. not a list')).toBe('1\\. not a list');
    expect(escapeInline('0.301')).toBe('0.301');
  });

  it('truncates long tables with a note and samples chart data', () => {
    expect(md).toContain('*Showing the first 52 of 156 rows; all rows are in tables/history.csv of the CSV bundle export.*');
    expect(md).toContain('*Chart data: 40 of 156 rows shown, evenly spaced; all rows are in charts/wealth.csv of the CSV bundle export.*');
    expect(md).toContain(': Figure data: Average member wealth (USD) by week');
  });

  it('links chart images when a path map is given', () => {
    const v = renderMarkdown(parseReport(validationReport()), { chartImages: { categories: 'img/categories.png' } });
    expect(v).toContain('![Tests per category](<img/categories.png>)');
    expect(v).not.toContain('Figure data: Tests per category');
  });
});
