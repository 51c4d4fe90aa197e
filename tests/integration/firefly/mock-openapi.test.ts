/**
 * The mock Firefly server's own test: every JSON it serves validates against the official API
 * description (reference/firefly-iii-v6.6.2-openapi-v1.yaml) with ajv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realWorldGroups, seedFireflyData, startMockFirefly, type MockFirefly } from '../../mocks/firefly/server';
import { openApiValidator } from './helpers';

let mock: MockFirefly;
beforeAll(async () => {
  mock = await startMockFirefly({ data: seedFireflyData({ groups: 250, seed: 7 }) });
});
afterAll(() => mock.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${mock.url}/api${path}`, {
    headers: { Authorization: `Bearer ${mock.token}`, Accept: 'application/json', ...headers },
    redirect: 'manual',
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
}

function expectValid(schema: string, body: unknown) {
  const v = openApiValidator(schema);
  const ok = v(body);
  expect(ok, JSON.stringify(v.errors?.slice(0, 5), null, 1)).toBe(true);
}

describe('mock Firefly III conforms to the official OpenAPI description', () => {
  it('the validator itself rejects off-spec bodies (guards against a vacuous check)', () => {
    const v = openApiValidator('TransactionArray');
    expect(v({ data: [], meta: {}, links: {} })).toBe(true);
    expect(v({ data: [{ type: 'transactions', id: '1', attributes: { transactions: [{ amount: 12.5, source_id: '1', destination_id: '2', date: 'x', description: 'd', type: 'withdrawal' }] }, links: {} }], meta: {}, links: {} })).toBe(false);
    expect(v({ data: [{ type: 'transactions', id: '1', attributes: { transactions: [{ amount: '1', source_id: '1', destination_id: '2', date: '2026-01-01T00:00:00+00:00', description: 'd', type: 'payment' }] }, links: {} }], meta: {}, links: {} })).toBe(false);
    expect(openApiValidator('SystemInfo')({ data: { version: 6 } })).toBe(false);
  });
  it('/v1/about → SystemInfo', async () => {
    const r = await get('/v1/about');
    expect(r.status).toBe(200);
    expectValid('SystemInfo', r.body);
  });
  it('/v1/transactions (every page, all types) → TransactionArray', async () => {
    for (const type of ['all', 'withdrawal', 'deposit', 'transfer']) {
      let page = 1;
      for (;;) {
        const r = await get(`/v1/transactions?start=2025-01-01&end=2026-12-31&type=${type}&limit=100&page=${page}`);
        expect(r.status).toBe(200);
        expect(r.type).toContain('application/vnd.api+json');
        expectValid('TransactionArray', r.body);
        if (page >= r.body.meta.pagination.total_pages) break;
        page += 1;
      }
    }
  });
  it('/v1/transactions with convert-to-primary on → TransactionArray (pc_amount strings)', async () => {
    const m2 = await startMockFirefly({ convertToPrimary: true, data: seedFireflyData({ groups: 30 }) });
    try {
      const res = await fetch(`${m2.url}/api/v1/transactions?limit=50`, { headers: { Authorization: `Bearer ${m2.token}`, Accept: 'application/json' } });
      const body = await res.json();
      expectValid('TransactionArray', body);
      expect(body.data[0].attributes.transactions[0].pc_amount).toMatch(/^\d+(\.\d+)?$/);
    } finally {
      await m2.close();
    }
  });
  it('/v1/accounts, /v1/categories, /v1/currencies → *Array', async () => {
    expectValid('AccountArray', (await get('/v1/accounts?type=asset&limit=100&page=1')).body);
    expectValid('AccountArray', (await get('/v1/accounts?limit=5&page=2')).body);
    expectValid('CategoryArray', (await get('/v1/categories?limit=100&page=1')).body);
    expectValid('CurrencyArray', (await get('/v1/currencies?limit=100&page=1')).body);
  });
  it('/v1/insight/expense/category → InsightGroup', async () => {
    const r = await get('/v1/insight/expense/category?start=2025-07-01&end=2026-06-30');
    expect(r.status).toBe(200);
    expectValid('InsightGroup', r.body);
    expect(r.body.length).toBeGreaterThan(3);
  });
  it('error bodies → Unauthenticated/NotFound/ValidationError/BadRequest responses', async () => {
    const r401 = await get('/v1/about', { Authorization: 'Bearer wrong' });
    expect(r401.status).toBe(401);
    expectValid('UnauthenticatedResponse', r401.body);
    const r404 = await get('/v1/nope');
    expect(r404.status).toBe(404);
    expectValid('NotFoundResponse', r404.body);
    const r422 = await get('/v1/insight/expense/category?end=2026-01-01');
    expect(r422.status).toBe(422);
    expectValid('ValidationErrorResponse', r422.body);
    expect(r422.body.errors.start).toBeDefined();
    const r400 = await get('/v1/about', { 'X-Trace-Id': 'not-a-uuid' });
    expect(r400.status).toBe(400);
    expectValid('BadRequestResponse', r400.body);
  });
  it('legacy (6.2) fixtures use native_* names and no pc_*/subscription_*', async () => {
    const m2 = await startMockFirefly({ version: '6.2.10', convertToPrimary: true, data: seedFireflyData({ groups: 5 }) });
    try {
      const res = await fetch(`${m2.url}/api/v1/transactions?limit=50`, { headers: { Authorization: `Bearer ${m2.token}`, Accept: 'application/json' } });
      const split = (await res.json()).data[0].attributes.transactions[0];
      expect(split.native_amount).toBeDefined();
      expect(split.pc_amount).toBeUndefined();
      expect(split.subscription_id).toBeUndefined();
    } finally {
      await m2.close();
    }
  });
  it('an Accept header naming none of Firefly\'s types is a 406 (AcceptHeaders middleware, before authentication); */* without JSON is redirected to /login (web guard)', async () => {
    for (const auth of [`Bearer ${mock.token}`, 'Bearer wrong']) {
      const r = await get('/v1/about', { Authorization: auth, Accept: 'text/html' });
      expect(r.status).toBe(406);
      expect(r.body).toEqual({ message: 'Accept header "text/html" is not something this server can provide.', exception: 'BadHttpHeaderException' });
      expectValid('BadRequestResponse', r.body);
    }
    // Laravel's Request::accepts(): a wildcard, a major/* or the +json base type lets the request through.
    for (const accept of ['text/html, */*;q=0.8', 'application/*', 'application/json', 'application/vnd.api+json']) {
      expect((await get('/v1/about', { Accept: accept })).status, accept).not.toBe(406);
    }
    const res = await fetch(`${mock.url}/api/v1/about`, { headers: { Authorization: `Bearer ${mock.token}`, Accept: '*/*' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${mock.url}/login`);
    // A malformed X-Trace-Id is refused by the same middleware: 400, as Firefly's Handler renders it.
    const bad = await get('/v1/about', { 'X-Trace-Id': 'not-a-uuid' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: 'Bad X-Trace-Id header.', exception: 'HttpException' });
  });
  it('the CSV export holds every type (Firefly exports without a type filter) and keeps to the asset accounts in accounts=', async () => {
    const m2 = await startMockFirefly({ data: { ...seedFireflyData({ groups: 40, seed: 3 }), groups: [...seedFireflyData({ groups: 40, seed: 3 }).groups, ...realWorldGroups()] } });
    try {
      const csv = async (qs: string) => {
        const r = await fetch(`${m2.url}/api/v1/data/export/transactions?start=2025-01-01&end=2026-12-31&type=csv${qs}`, { headers: { Authorization: `Bearer ${m2.token}`, Accept: 'application/json, application/octet-stream;q=0.9' } });
        expect(r.headers.get('content-type')).toBe('application/octet-stream');
        return (await r.text()).trim().split('\n').slice(1);
      };
      const all = await csv('');
      expect(all.some((l) => l.includes(',liability credit,'))).toBe(true);
      const savings = await csv('&accounts=2,100'); // 100 is an expense account: dropped, as Firefly does
      expect(savings.length).toBeGreaterThan(0);
      expect(savings.length).toBeLessThan(all.length);
      for (const l of savings) expect(l).toMatch(/,Savings,|,Savings$/);
    } finally {
      await m2.close();
    }
  });
  it('seeds 10,000 groups with splits, refunds, transfers and three currencies', () => {
    const d = seedFireflyData({ groups: 10_000, seed: 1 });
    expect(d.groups).toHaveLength(10_000);
    const splits = d.groups.flatMap((g) => g.transactions);
    expect(splits.length).toBeGreaterThan(10_500);
    expect(new Set(splits.map((s) => s.currency_code))).toEqual(new Set(['EUR', 'USD', 'JPY']));
    expect(splits.some((s) => s.type === 'transfer')).toBe(true);
    expect(splits.some((s) => (s.tags as string[]).includes('refund'))).toBe(true);
    expect(new Set(splits.map((s) => s.transaction_journal_id)).size).toBe(splits.length);
  });
});
