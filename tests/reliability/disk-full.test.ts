/**
 * Disk full, simulated with SQLite's max_page_count on the app's own connection (portable; a
 * loop-mounted tmpfs works only as root). Writes fail with a clear "full" error, earlier data and
 * the file stay intact, and the app keeps working once space is back.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src-main/api/dispatch';
import { createContext } from '../../src-main/context';
import { quickCheck } from '../../src-main/store/db';
import { tmpDir } from '../helpers/tmp';
import { logicalChecksum } from './helpers';

describe('disk full', () => {
  it('fails writes clearly and corrupts nothing', async () => {
    const t = tmpDir('wb-rel-full-');
    const app = createContext({ dataDir: t.dir });
    try {
      await invoke(app, 'settings.set', { theme: 'dark' });
      await invoke(app, 'paramsets.save', { name: 'keep me', params: { NUM_MEMBERS: 30 } });
      const pages = app.db.pragma('page_count', { simple: true }) as number;
      app.db.pragma(`max_page_count = ${pages + 2}`);
      const before = logicalChecksum(app.db);
      let failure: unknown = null;
      let ok = 0;
      for (let i = 0; i < 500 && !failure; i++) {
        try {
          await invoke(app, 'paramsets.save', { name: `filler ${i} ${'x'.repeat(90)}`, params: { NUM_MEMBERS: 30 + (i % 100) } });
          ok++;
        } catch (e) {
          failure = e;
        }
      }
      expect(failure, 'a write eventually fails').not.toBeNull();
      expect((failure as Error).message).toMatch(/full/i);
      console.log(`[reliability] disk full: ${ok} writes fitted, then: ${(failure as Error).message}`);
      expect(quickCheck(app.db)).toBe('ok');
      // The failed statement left nothing half-written; the guarded rows are still there.
      const sets = (await invoke(app, 'paramsets.list', {})) as { name: string }[];
      expect(sets.map((s) => s.name)).toContain('keep me');
      expect(sets.length).toBe(1 + ok);
      expect(((await invoke(app, 'settings.get', {})) as { theme: string }).theme).toBe('dark');
      expect(logicalChecksum(app.db).rows).toBe(before.rows + ok);
      // Space comes back: writes work again.
      app.db.pragma('max_page_count = 1073741823');
      await invoke(app, 'paramsets.save', { name: 'after', params: {} });
    } finally {
      app.close();
      t.cleanup();
    }
  });
});
