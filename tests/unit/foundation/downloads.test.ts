import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDisposition, Downloads } from '../../../src-main/transports/downloads';

describe('serve-mode downloads of exports', () => {
  it('name the file in an ASCII fallback and exactly in RFC 5987 form, with no quote or backslash let through', () => {
    expect(contentDisposition('report 2026-11-26.pdf')).toBe(`attachment; filename="report 2026-11-26.pdf"; filename*=UTF-8''report%202026-11-26.pdf`);
    expect(contentDisposition('Économie "B"\\x.pdf')).toBe(`attachment; filename="_conomie _B__x.pdf"; filename*=UTF-8''%C3%89conomie%20%22B%22%5Cx.pdf`);
  });

  it('offer ids only for regular files, and forget the oldest beyond the cap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-dl-'));
    try {
      const d = new Downloads(2);
      const files = ['a.pdf', 'b.pdf', 'c.pdf'].map((n) => path.join(dir, n));
      for (const f of files) fs.writeFileSync(f, 'x');
      expect(d.offer(dir)).toBeNull(); // a CSV bundle is a folder
      expect(d.offer(path.join(dir, 'missing.pdf'))).toBeNull();
      const ids = files.map((f) => d.offer(f)!);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(new Set(ids).size).toBe(3);
      const status = (id: string) => {
        let code = 0;
        d.serve(id, { writeHead: (c: number) => { code = c; }, end: () => {}, on: () => {}, once: () => {}, emit: () => {}, write: () => true } as never);
        return code;
      };
      expect(status(ids[0])).toBe(404); // pushed out by the cap
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
