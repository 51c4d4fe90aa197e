/** Shared helpers of the Firefly integration tests. */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import { inspect } from 'node:util';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { FireflyClient, type FireflyClientOptions } from '../../../src-main/firefly/client';
import type { MockFirefly } from '../../mocks/firefly/server';

export const OPENAPI_PATH = '/work/shared/reference/firefly-iii-v6.6.2-openapi-v1.yaml';

type AjvInstance = InstanceType<typeof AjvModule>;
const AjvCtor = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
let ajv: AjvInstance | null = null;
/** Compiled validator for `#/components/schemas/<name>` of the official description. */
export function openApiValidator(name: string): ValidateFunction {
  if (!ajv) {
    const doc = parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: unknown };
    ajv = new AjvCtor({ strict: false, allErrors: true });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: AjvInstance) => void)(ajv);
    // Non-standard formats used by the description.
    for (const f of ['string', 'amount', 'iban', 'binary', 'int32', 'int64', 'double', 'float']) ajv.addFormat(f, true);
    ajv.addSchema({ $id: 'firefly', components: doc.components });
  }
  const v = ajv.getSchema(`firefly#/components/schemas/${name}`);
  if (!v) throw new Error(`no schema ${name}`);
  return v;
}

/** A client tuned for tests: fast rate limit, recorded retry waits, scaled-down real sleeps. */
export function testClient(mock: MockFirefly, extra: Partial<FireflyClientOptions> = {}) {
  const waits: number[] = [];
  const client = new FireflyClient({
    baseUrl: mock.url,
    token: mock.token,
    minIntervalMs: 0,
    timeZone: 'UTC',
    sleep: async (ms, signal) => {
      waits.push(ms);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, Math.min(ms, 20));
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      });
    },
    ...extra,
  });
  return { client, waits };
}

/** Captures console output while `fn` runs. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; output: string }> {
  const lines: string[] = [];
  const orig = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const k of Object.keys(orig) as Array<keyof typeof orig>) {
    console[k] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : safeInspect(a))).join(' '));
    };
  }
  try {
    const result = await fn();
    return { result, error: undefined, output: lines.join('\n') };
  } catch (error) {
    return { result: undefined, error, output: lines.join('\n') };
  } finally {
    Object.assign(console, orig);
  }
}

function safeInspect(a: unknown): string {
  try {
    return inspect(a, { depth: 5 });
  } catch {
    return String(a);
  }
}

// ------------------------------------------------------------------ bridge fixtures (FF-28…FF-31, API e2e)

import { CURRENCIES, makeGroup, makeSplit, type MockData } from '../../mocks/firefly/server';

export interface FoodRow {
  date: string;
  amount: string;
  category: string | null;
  description?: string;
  account?: string;
  type?: 'withdrawal' | 'deposit';
}

/** Mock data holding exactly these splits (one group each), in EUR, from asset account "Checking" unless given. */
export function foodData(rows: FoodRow[]): MockData {
  const cats = [...new Set(rows.map((r) => r.category).filter((c): c is string => !!c))].map((name, i) => ({ id: String(i + 1), name }));
  const accounts = [...new Set(rows.map((r) => r.account ?? 'Checking'))].map((name, i) => ({
    id: String(i + 1),
    name,
    type: 'asset' as const,
    currency_code: 'EUR',
    current_balance: '1000.00',
    account_role: 'defaultAsset',
  }));
  const groups = rows.map((r, i) => {
    const acct = accounts.find((a) => a.name === (r.account ?? 'Checking'))!;
    const cat = r.category ? cats.find((c) => c.name === r.category)! : null;
    const shop = { id: String(100 + i), name: `Shop ${i}`, type: 'Expense account' };
    const mine = { id: acct.id, name: acct.name, type: 'Asset account' };
    const withdrawal = (r.type ?? 'withdrawal') === 'withdrawal';
    return makeGroup(
      String(i + 1),
      [
        makeSplit({
          journalId: String(1000 + i),
          type: r.type ?? 'withdrawal',
          date: `${r.date}T12:00:00+00:00`,
          amount: r.amount,
          description: r.description ?? `${r.category ?? 'Purchase'} ${i}`,
          currency: CURRENCIES[0],
          category: cat,
          source: withdrawal ? mine : shop,
          destination: withdrawal ? shop : mine,
        }),
      ],
    );
  });
  groups.reverse(); // newest first, like Firefly
  return { groups, accounts, categories: cats, currencies: CURRENCIES.map((c) => ({ ...c })) };
}

// ------------------------------------------------------------------ fixtures from the API description

type OaSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  properties?: Record<string, OaSchema>;
  items?: OaSchema;
};
let oaSchemas: Record<string, OaSchema> | null = null;

/**
 * An instance of `#/components/schemas/<name>` built from the description's own `example` values
 * (every property, the optional ones too; a declared `example: ~` stays null), so a fixture is shaped
 * exactly as the document shows a server's answer. Property without an example: its default, first
 * enum value, null when nullable, else a plain value of its type.
 */
export function openApiExample(name: string): unknown {
  if (!oaSchemas) oaSchemas = (parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Record<string, OaSchema> } }).components.schemas;
  const schemas = oaSchemas;
  const build = (s: OaSchema, depth: number): unknown => {
    if (s.$ref) return build(schemas[s.$ref.replace('#/components/schemas/', '')], depth + 1);
    if ('example' in s && (s.type !== 'object' || s.example !== undefined)) return s.example ?? null;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    if (s.nullable) return null;
    if (depth > 12) return null;
    switch (s.type) {
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, build(v, depth + 1)]));
      case 'array':
        return s.items ? [build(s.items, depth + 1)] : [];
      case 'integer':
      case 'number':
        return 0;
      case 'boolean':
        return false;
      default:
        return s.format === 'date-time' ? '2026-04-01T00:00:00+00:00' : s.format === 'date' ? '2026-04-01' : 'x';
    }
  };
  return build(schemas[name], 0);
}
