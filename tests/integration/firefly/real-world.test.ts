/**
 * Real Firefly III data through the bridge: every transaction kind a 6.x server returns
 * (TransactionGroupTransformer), foreign amounts at their own currency's decimals, and the fields
 * real servers fill (budgets, bills, notes, unicode tags, long descriptions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FIREFLY_MIGRATION_SQL, loadCalibrationInput, loadSnapshotTransactions, syncFirefly } from '../../../src-main/firefly';
import { realWorldGroups, seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { openApiExample, openApiValidator, testClient } from './helpers';

const mocks: MockFirefly[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (mocks.length) await mocks.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ff-real-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'workbench.db'));
  db.exec(FIREFLY_MIGRATION_SQL);
  return db;
}
const PERIOD = { start: '2026-06-01', end: '2026-06-30' };

describe('real-world Firefly III data', () => {
  it('opening balance, reconciliations, transfers, foreign amounts and splits sync as Firefly means them', async () => {
    const m = await startMockFirefly({ convertToPrimary: true, data: { ...seedFireflyData({ groups: 0 }), groups: realWorldGroups() } });
    mocks.push(m);
    const { client } = testClient(m);
    const db = tempDb();
    const res = await syncFirefly(db, client, PERIOD);
    // 12 splits in Firefly, but type=all is its five types (TransactionFilter): the liability credit is not listed.
    expect(m.requestsTo('/v1/transactions').every((r) => r.query.type === 'all')).toBe(true);
    expect(res.transactions).toBe(11);
    expect(res.skipped).toBe(0);
    const rows = db.prepare('SELECT * FROM firefly_transactions ORDER BY journal_id').all() as Array<Record<string, string | number | null>>;
    const byDesc = (d: string) => rows.find((r) => String(r.description).startsWith(d))!;
    expect(rows.map((r) => r.type).sort()).toEqual(['deposit', 'opening balance', 'reconciliation', 'reconciliation', 'transfer', 'withdrawal', 'withdrawal', 'withdrawal', 'withdrawal', 'withdrawal', 'withdrawal']);
    expect(byDesc('Initial balance')).toMatchObject({ amount: '2500.00', source_type: 'Initial balance account', destination_name: 'Checking' });
    expect(byDesc('Reconciliation (2026-05')).toMatchObject({ amount: '3.21', destination_type: 'Reconciliation account' });
    expect(byDesc('Top up')).toMatchObject({ type: 'transfer', amount: '100.00', currency_code: 'EUR', foreign_amount: '108.50', foreign_currency_code: 'USD' });
    // Foreign amounts keep their own currency's decimals (Firefly rounds them so): 1200 JPY, not 1200.00.
    expect(byDesc('ラーメン')).toMatchObject({ amount: '7.32', foreign_amount: '1200', foreign_currency_code: 'JPY' });
    expect(byDesc('Dinner in New York')).toMatchObject({ amount: '45.10', foreign_amount: '48.99' });
    // A 3-split group: one group id, budget/bill/notes/unicode tags as sent, the split without category uncategorised.
    const shop = rows.filter((r) => String(r.description).startsWith('Weekly shop') || r.description === 'Vegetable box');
    expect(new Set(shop.map((r) => r.group_id)).size).toBe(1);
    expect(shop.map((r) => r.group_title)).toEqual(['Saturday shopping', 'Saturday shopping', 'Saturday shopping']);
    expect(byDesc('Weekly shop: food')).toMatchObject({ budget_name: 'Household', tags_json: JSON.stringify(['weekly', 'Ünïcödé ✓']) });
    expect(byDesc('Weekly shop: detergent')).toMatchObject({ category_name: null, budget_name: null });
    // A 1,000-character description with emoji is kept whole.
    expect(Array.from(String(byDesc('Café Central').description))).toHaveLength(1000);
    // pc_amount is the EUR amount Firefly converted to (primary currency), kept beside the split's own amount.
    expect(byDesc('Salary June')).toMatchObject({ type: 'deposit', amount: '3100.00', primary_amount: '3100.00', primary_currency_code: 'EUR' });
    // Calibration reads withdrawals only: transfers, reconciliations and the opening balance never count as spending.
    const input = loadCalibrationInput(db);
    expect(input.transactions.map((t) => t.type)).toEqual(Array(6).fill('withdrawal'));
    expect(input.currencyCode).toBe('EUR');
  });

  it('a split of a type the bridge does not model (a "liability credit" a server lists anyway) is skipped and named, not a data-quality failure', async () => {
    const m = await startMockFirefly({ data: { ...seedFireflyData({ groups: 0 }), groups: realWorldGroups() } });
    mocks.push(m);
    const loanOpening = m.data.groups.find((g) => g.transactions[0].type === 'liability credit')!;
    // As if the server's `all` also listed it (the mock, like Firefly, does not).
    m.inject({ path: '/v1/transactions', fault: { type: 'transform', fn: (b) => ({ ...b, data: [...b.data, { type: 'transactions', id: loanOpening.id, attributes: { ...loanOpening, transactions: loanOpening.transactions }, links: {} }] }) } });
    const res = await syncFirefly(tempDb(), testClient(m).client, PERIOD);
    expect(res.transactions).toBe(11);
    expect(res.skipped).toBe(1);
    expect(res.warnings.join('\n')).toMatch(/1 unsupported-type \("liability credit" × 1: not modelled by the app\)/);
  });

  it('the mock lists transactions as Firefly\'s TransactionFilter does: all = five types, comma lists, unknown = default', async () => {
    const m = await startMockFirefly({ data: { ...seedFireflyData({ groups: 0 }), groups: realWorldGroups() } });
    mocks.push(m);
    const types = async (filter: string) => {
      const r = await fetch(`${m.url}/api/v1/transactions?start=2026-06-01&end=2026-06-30&limit=100&type=${encodeURIComponent(filter)}`, { headers: { Authorization: `Bearer ${m.token}`, Accept: 'application/json' } });
      const body = (await r.json()) as { data: Array<{ attributes: { transactions: Array<{ type: string }> } }> };
      return [...new Set(body.data.flatMap((g) => g.attributes.transactions.map((t) => t.type)))].sort();
    };
    expect(await types('all')).toEqual(['deposit', 'opening balance', 'reconciliation', 'transfer', 'withdrawal']);
    expect(await types('specials')).toEqual(['opening balance', 'reconciliation']);
    expect(await types('withdrawal,transfer')).toEqual(['transfer', 'withdrawal']);
    expect(await types('no-such-filter')).toEqual(['deposit', 'transfer', 'withdrawal']);
  });

  it('answers built from the API description\'s own examples (every field, nullable ones as the document gives them) sync without a skip or a warning', async () => {
    const m = await startMockFirefly({ data: seedFireflyData({ groups: 0 }) });
    mocks.push(m);
    const bodies: Record<string, unknown> = {
      '/v1/about': openApiExample('SystemInfo'),
      '/v1/accounts': openApiExample('AccountArray'),
      '/v1/categories': openApiExample('CategoryArray'),
      '/v1/transactions': openApiExample('TransactionArray'),
    };
    for (const [path, body] of Object.entries(bodies)) {
      const schema = path === '/v1/about' ? 'SystemInfo' : path === '/v1/accounts' ? 'AccountArray' : path === '/v1/categories' ? 'CategoryArray' : 'TransactionArray';
      expect(openApiValidator(schema)(body), schema).toBe(true); // the fixture is a valid instance
      m.inject({ path, times: Infinity, fault: { type: 'transform', fn: () => body } });
    }
    const split = (bodies['/v1/transactions'] as { data: Array<{ attributes: { transactions: Array<Record<string, unknown>> } }> }).data[0].attributes.transactions[0];
    expect(split.tags).toBeNull(); // `example: ~` in the description
    const db = tempDb();
    const res = await syncFirefly(db, testClient(m).client, { start: '2026-04-01', end: '2026-04-30' });
    expect(res.warnings).toEqual([]);
    expect(res.skipped).toBe(0);
    expect(res.groups).toBe(1);
    const [t] = loadSnapshotTransactions(db, res.snapshotId);
    expect(t).toMatchObject({ journalId: '10421', groupId: '2', type: 'withdrawal', date: '2026-04-01T00:00:00+00:00', amount: '123.45', currencyCode: 'EUR', description: 'Vegetables', categoryName: 'Groceries', budgetName: 'Groceries', tags: [] });
    const snap = db.prepare('SELECT server_version, accounts_json, categories_json FROM firefly_snapshots').get() as Record<string, string>;
    expect(snap.server_version).toBe('6.6.2');
    expect(JSON.parse(snap.accounts_json)).toHaveLength(1);
    expect(JSON.parse(snap.categories_json)).toEqual([{ id: '2', name: 'Lunch' }]);
    const row = db.prepare('SELECT foreign_amount, foreign_currency_code, primary_amount FROM firefly_transactions').get();
    expect(row).toEqual({ foreign_amount: '123.45', foreign_currency_code: 'USD', primary_amount: '123.45' });
  });
});
