// Files the app wrote (report exports), offered back to the browser in serve mode. A browser cannot
// open the server's folders, so an export is also handed out once as a download: by a random id
// that only this server issued, for a path it wrote itself; never by a path the client names.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

const MEDIA: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};
export const DOWNLOAD_PATH = /^\/api\/download\/([0-9a-f]{32})$/;

/** `attachment; filename="…"` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // RFC 5987's attr-char excludes ' ( ) * too, which encodeURIComponent leaves as they are.
  const ext = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${ext}`;
}

export class Downloads {
  private readonly files = new Map<string, string>();
  /** `folders`: also issue ids for folders (the desktop app reveals a CSV bundle; a browser cannot download one). */
  constructor(
    private readonly cap = 200,
    private readonly folders = false,
  ) {}

  /** An id for a file (or, with `folders`, a folder) the app just wrote; null for anything else. */
  offer(file: string): string | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return null;
    }
    if (!st.isFile() && !(this.folders && st.isDirectory())) return null;
    const id = randomBytes(16).toString('hex');
    this.files.set(id, path.resolve(file));
    // Oldest first out: the map keeps insertion order.
    while (this.files.size > this.cap) this.files.delete(this.files.keys().next().value!);
    return id;
  }

  /** The path behind an id this registry issued, else null. */
  pathOf(id: string): string | null {
    return /^[0-9a-f]{32}$/.test(id) ? (this.files.get(id) ?? null) : null;
  }

  /**
   * Streams the file behind `id`, or answers 404 (unknown id, or the file is gone). The file is opened
   * before the 200 goes out and its size read from that handle, so a file removed meanwhile is a 404,
   * and a read error later ends this response, never the server.
   */
  serve(id: string, res: http.ServerResponse): void {
    const file = this.files.get(id);
    let fd: number | null = null;
    let size = 0;
    try {
      if (file) {
        fd = fs.openSync(file, 'r');
        const st = fs.fstatSync(fd);
        if (!st.isFile()) throw new Error('not a file');
        size = st.size;
      }
    } catch {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    }
    if (!file || fd === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('This download is not available (exports are offered by the server that wrote them, until it stops).');
      return;
    }
    res.writeHead(200, {
      'content-type': MEDIA[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
      'content-disposition': contentDisposition(path.basename(file)),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    pipeline(fs.createReadStream(file, { fd, start: 0, end: Math.max(0, size - 1), autoClose: true }), res, () => {
      /* a failed read or a closed connection ends this response only (pipeline destroys both) */
    });
  }
}
