// The CLI's progress lines on stderr (not a terminal here): one per 10%, and the end once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressBar } from '../../../src-main/cli/output';

afterEach(() => vi.restoreAllMocks());

function lines(feed: (bar: ReturnType<typeof progressBar>) => void): string[] {
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const tty = process.stderr.isTTY;
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  try {
    feed(progressBar('pages'));
  } finally {
    Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  }
  return out;
}

describe('progressBar (no terminal)', () => {
  it('prints the end once when a job reports it again (firefly sync printed "pages 3/3 (100%)" three times)', () => {
    const out = lines((bar) => {
      bar(1, 3);
      bar(2, 3);
      bar(3, 3);
      bar(3, 3);
      bar(3, 3);
    });
    expect(out.filter((l) => l.includes('3/3'))).toEqual(['pages 3/3 (100%)\n']);
  });

  it('prints every tenth percent once, with the ETA while running', () => {
    const out = lines((bar) => {
      for (let i = 0; i <= 100; i++) bar(i, 100, (100 - i) * 10);
    });
    expect(out).toHaveLength(11);
    expect(out[1]).toBe('pages 10/100 (10%) eta 0.9s\n');
    expect(out[10]).toBe('pages 100/100 (100%)\n');
  });
});
