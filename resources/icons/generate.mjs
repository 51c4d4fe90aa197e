// Generates the app icons (PNG, RGBA) with a tiny encoder on node:zlib: `node resources/icons/generate.mjs`.
// A rounded dark tile with a teal rising-bars glyph. electron-builder reads icon.png (win/mac) and the NxN.png set (linux);
// src-renderer/public/favicon.png (64 px) is the page and window icon.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type, 'ascii'), data]); const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td)); return Buffer.concat([len, td, crc]); }
export function encodePng(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) { raw[y * (size * 4 + 1)] = 0; for (let x = 0; x < size; x++) { const [r, g, b, a] = pixel(x / size, y / size); raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4); } }
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
function pixel(u, v) {
  const r = 0.18, d = (a, b) => Math.max(Math.abs(a - 0.5) - (0.5 - r), 0) ** 2 + Math.max(Math.abs(b - 0.5) - (0.5 - r), 0) ** 2;
  if (u < 0.02 || v < 0.02 || u > 0.98 || v > 0.98 || d(u, v) > (r - 0.02) ** 2) return [0, 0, 0, 0];
  const bars = [[0.22, 0.55], [0.42, 0.4], [0.62, 0.25]];
  for (const [x0, top] of bars) if (u >= x0 && u <= x0 + 0.14 && v >= top && v <= 0.78) return [45, 212, 191, 255];
  return [17, 20, 24, 255];
}
for (const s of [16, 32, 48, 64, 128, 256, 512]) fs.writeFileSync(path.join(here, `${s}x${s}.png`), encodePng(s, pixel));
fs.copyFileSync(path.join(here, '512x512.png'), path.join(here, 'icon.png'));
// The page icon for `serve` and the Electron window (vite copies src-renderer/public/ into out/renderer/).
fs.copyFileSync(path.join(here, '64x64.png'), path.join(here, '../../src-renderer/public/favicon.png'));
