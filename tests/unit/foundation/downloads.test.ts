import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDisposition, Downloads } from '../../../src-main/transports/downloads';

describe('serve-mode downloads of exports', () => {
  it('name the file in an ASCII fallback and exactly in RFC 5987 form, with no quote or backslash let through', () => {
    expect(contentDisposition('report 2026-11-26.pdf')).toBe(`attachment; filename="report 2026-11-26.pdf"; filename*=UTF-8''report%202026-11-26.pdf`);
    expect(contentDisposition('Économie "B"\\x.pdf')).toBe(`attachment; filename="_conomie _B__x.pdf"; filename*=UTF-8''%C3%89conomie%20%22B%22%5Cx.pdf`);
    expect(contentDisposition("it's (final)*.pdf")).toBe(`attachment; filename="it's (final)*.pdf"; filename*=UTF-8''it%27s%20%28final%29%2A.pdf`);
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
      fs.rmSync(files[2]);
      expect(status(ids[2])).toBe(404); // gone since it was offered: a 404, not a crash
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exports the desktop app may reveal', () => {
  it('issue ids for files and, when asked, folders; look paths up only by an id they issued', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-dl-'));
    try {
      const reveal = new Downloads(10, true);
      const id = reveal.offer(dir)!;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(reveal.pathOf(id)).toBe(path.resolve(dir));
      expect(reveal.pathOf('0'.repeat(32))).toBeNull();
      expect(reveal.pathOf('../etc/passwd')).toBeNull();
      expect(new Downloads().offer(dir)).toBeNull(); // downloads: files only
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a download over HTTP', () => {
  it('sends the file as written, with its length and name', async () => {
    const http = await import('node:http');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-dl-'));
    const file = path.join(dir, 'report.pdf');
    const bytes = Buffer.from('%PDF-1.7\n' + 'x'.repeat(100_000));
    fs.writeFileSync(file, bytes);
    const d = new Downloads();
    const id = d.offer(file)!;
    const server = http.createServer((req, res) => d.serve(req.url!.slice(1), res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const r = await fetch(`http://127.0.0.1:${port}/${id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('content-length')).toBe(String(bytes.length));
      expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
