import { describe, expect, it } from 'vitest';
import { CsvParseError, csvField, parseCsv, toCsv } from '../../../src-shared/finance/csv';

describe('RFC 4180 CSV writer and parser', () => {
  const rows = [
    ['plain', 'with, comma', 'with "quotes"', 'multi\nline', 'crlf\r\nline', ''],
    ['  padded ', '"', ',', 'ünïcødé 🥇', '12.50', '-'],
  ];

  it('quotes only when needed, doubles quotes, CRLF after every record', () => {
    expect(csvField('a')).toBe('a');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(3.5)).toBe('3.5');
    expect(toCsv([['a', 'b'], ['1', 'x\ny']])).toBe('a,b\r\n1,"x\ny"\r\n');
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+cmd|x')).toBe("'+cmd|x");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('\t=1')).toBe("'\t=1");
    for (const plain of ['-12.50', '+3', '-1e-7', '.5', '-', 'a=b', 'Strong Cooperation']) expect(csvField(plain)).toBe(plain);
    expect(csvField(-12.5)).toBe('-12.5');
    expect(parseCsv(toCsv([['=1+1', '-4']]))).toEqual([["'=1+1", '-4']]);
  });

  it('round-trips commas, quotes and newlines', () => {
    expect(parseCsv(toCsv(rows))).toEqual(rows);
    expect(parseCsv(toCsv(rows, { bom: true }))).toEqual(rows);
  });

  it('parses LF, CR and CRLF files and a missing final newline', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a,\r\n,"",x\r\n')).toEqual([['a', ''], ['', '', 'x']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reports malformed quotes with line and column', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvParseError);
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(/unterminated quoted field starting at line 2, column 1/);
    expect(() => parseCsv('a,"b"x\n')).toThrow(/after closing quote at line 1, column 6/);
    expect(() => parseCsv('a,b"c\n')).toThrow(/unexpected quote inside an unquoted field at line 1, column 4/);
  });
});
