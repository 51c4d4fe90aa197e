// Migrations are append-only (Actual Budget's rule): a database that already ran version N never
// runs it again, so editing a shipped migration in place silently forks the schema between old and
// new installs. Each shipped migration's SQL is pinned by hash; change the schema with a new one.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src-main/store/migrations';

/** version → first 16 hex digits of sha256(sql), as shipped. Add a line for each new migration; never edit one. */
const SHIPPED: Record<number, string> = {
  1: '4450cbcba6d915b8',
  2: '244f829fed147266',
  3: 'd000146dd812e535',
  4: '2870ad2ccc3841f1',
  5: '3801448b7d23af87',
  6: '495694705c7f19b9',
  7: 'e53a580683a3ab2b',
  8: 'de565a307a408834',
};

const hashOf = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16);

describe('migrations are append-only', () => {
  it('every shipped migration is unchanged, and every migration is pinned', () => {
    const now = Object.fromEntries(migrations.map((m) => [m.version, hashOf(m.sql)]));
    expect(now).toEqual(SHIPPED);
  });
  it('versions run 1, 2, 3 … with no gap or repeat', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });
  it('the hash notices a one-character edit', () => {
    expect(hashOf(migrations[0].sql + ' ')).not.toBe(SHIPPED[1]);
  });
});
