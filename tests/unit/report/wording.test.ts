/** Words and sizes for people: counts with their noun, file sizes in KB/MB (not "5 file(s) … (215875 bytes)"). */
import { describe, expect, it } from 'vitest';
import { count, fileSize, leftOutInOtherCurrencies, plural } from '../../../src-shared/report/format';

describe('plural and fileSize', () => {
  it('a count takes its noun, singular for one, thousands grouped', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(5, 'file')).toBe('5 files');
    expect(plural(0, 'request')).toBe('0 requests');
    expect(plural(1250, 'file')).toBe('1,250 files');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(plural(1, 'warning')).toBe('1 warning');
    expect(plural(3, 'warning')).toBe('3 warnings');
    expect(plural(0, 'hit')).toBe('0 hits');
    expect(plural(2, 'category', 'categories')).toBe('2 categories');
    expect(count(10752)).toBe('10,752');
  });
  it('rows left out in other currencies: the noun, the currencies and the verb agree with the count', () => {
    expect(leftOutInOtherCurrencies(1, 'withdrawal', ['USD'])).toBe('1 withdrawal in another currency (USD) was left out');
    expect(leftOutInOtherCurrencies(1200, 'row', ['EUR', 'USD'])).toBe('1,200 rows in other currencies (EUR, USD) were left out');
  });
  it('sizes read in bytes, KB, MB and GB (1024-byte units): one decimal below 10, none from 10 up', () => {
    expect(fileSize(0)).toBe('0 bytes');
    expect(fileSize(1)).toBe('1 byte');
    expect(fileSize(1023)).toBe('1,023 bytes');
    expect(fileSize(1024)).toBe('1.0 KB');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(215875)).toBe('211 KB');
    expect(fileSize(10 * 1024 - 20)).toBe('10 KB');
    expect(fileSize(1024 * 1024 - 100)).toBe('1.0 MB');
    expect(fileSize(3.2 * 1024 * 1024)).toBe('3.2 MB');
    expect(fileSize(150 * 1024 * 1024)).toBe('150 MB');
    expect(fileSize(2 * 1024 ** 3)).toBe('2.0 GB');
    expect(fileSize(-1)).toBe('—');
    expect(fileSize(NaN)).toBe('—');
  });
});
