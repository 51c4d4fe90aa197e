import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../src-main/api/dispatch';
import { createContext, type AppContext } from '../../../src-main/context';
import { tmpDir } from '../../helpers/tmp';

/**
 * Rows read back from SQLite go through zod: one damaged row (hand-edited, written by an older
 * or buggy build) is left out of a list, it does not make the whole list fail.
 */
describe('damaged DB rows are validated on read, not trusted', () => {
  const tmp = tmpDir();
  let app: AppContext;
  beforeAll(() => {
    app = createContext({ dataDir: tmp.dir, transport: 'direct' });
  });
  afterAll(() => {
    app.close();
    tmp.cleanup();
  });

  it('paramsets.list skips a row whose model is not a known model', async () => {
    await invoke(app, 'paramsets.save', { name: 'good', params: {} });
    await invoke(app, 'paramsets.save', { name: 'bad model', params: {} });
    app.db.prepare("UPDATE param_sets SET model = 'no-such-model' WHERE name = 'bad model'").run();
    const list = (await invoke(app, 'paramsets.list', {})) as { name: string; model: string }[];
    expect(list.map((p) => p.name)).toEqual(['good']);
  });
});
