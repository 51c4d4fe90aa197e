/**
 * Firefly → SQLite snapshot sync (spec/integrations.md §1.4–1.5, F11–F14, F17, F19, F21).
 *
 * One sync = fetch everything for a period (all pages), normalise, then ONE SQLite transaction that
 * writes a snapshot + its transactions + category totals + the delta against the previous snapshot of
 * the same (server, period, type). Nothing is written before all pages arrived, so a failed or
 * cancelled sync leaves the previous snapshot intact. Re-syncing unchanged data writes nothing new
 * (idempotent): the latest snapshot's id is returned with an empty delta.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { NormalizedTransaction } from '../../src-shared/finance/transactions';
import { jsonColumn, storedRow } from '../store/rows';
import { FireflyClient, type TransactionTypeFilter } from './client';
import { localDateOf } from '../../src-shared/projections/calibration/weekly';
import { resolveRange, type DateInput } from './dates';
import {
  FireflyAbortError,
  FireflyCurrencyError,
  FireflyDataQualityError,
  FireflyNoDataError,
  FireflySyncStateError,
} from './errors';
import { formatDecimal, parseDecimal } from './money';
import { normalizeGroups, type NormalizedRow, type SkipReason } from './normalize';
import { count, leftOutInOtherCurrencies, plural } from '../../src-shared/report/format';

/** Schema of the Firefly tables; the lead registers it as one numbered migration of the app store. */
export const FIREFLY_MIGRATION_SQL = `
CREATE TABLE IF NOT EXISTS firefly_snapshots (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  server_url          TEXT NOT NULL,
  server_version      TEXT,
  period_start        TEXT NOT NULL CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  period_end          TEXT NOT NULL CHECK (period_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  type_filter         TEXT NOT NULL DEFAULT 'all',
  time_zone           TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  group_count         INTEGER NOT NULL CHECK (group_count >= 0),
  transaction_count   INTEGER NOT NULL CHECK (transaction_count >= 0),
  skipped_count       INTEGER NOT NULL DEFAULT 0 CHECK (skipped_count >= 0),
  truncated           INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
  legacy_fields       INTEGER NOT NULL DEFAULT 0 CHECK (legacy_fields IN (0, 1)),
  content_hash        TEXT NOT NULL,
  warnings_json       TEXT NOT NULL DEFAULT '[]',
  accounts_json       TEXT NOT NULL DEFAULT '[]',
  categories_json     TEXT NOT NULL DEFAULT '[]',
  previous_snapshot_id INTEGER REFERENCES firefly_snapshots(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS firefly_snapshots_key ON firefly_snapshots (server_url, period_start, period_end, type_filter, id);

CREATE TABLE IF NOT EXISTS firefly_transactions (
  snapshot_id           INTEGER NOT NULL REFERENCES firefly_snapshots(id) ON DELETE CASCADE,
  journal_id            TEXT NOT NULL,
  group_id              TEXT NOT NULL,
  date                  TEXT NOT NULL,
  local_date            TEXT NOT NULL,
  amount                TEXT NOT NULL,
  currency_code         TEXT NOT NULL,
  currency_decimals     INTEGER NOT NULL DEFAULT 2,
  type                  TEXT NOT NULL CHECK (type IN ('withdrawal','deposit','transfer','reconciliation','opening balance')),
  description           TEXT NOT NULL,
  category_id           TEXT,
  category_name         TEXT,
  budget_id             TEXT,
  budget_name           TEXT,
  source_id             TEXT,
  source_name           TEXT,
  source_type           TEXT,
  destination_id        TEXT,
  destination_name      TEXT,
  destination_type      TEXT,
  tags_json             TEXT NOT NULL DEFAULT '[]',
  updated_at            TEXT,
  primary_amount        TEXT,
  primary_currency_code TEXT,
  foreign_amount        TEXT,
  foreign_currency_code TEXT,
  group_title           TEXT,
  row_hash              TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, journal_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS firefly_transactions_date ON firefly_transactions (snapshot_id, local_date);

CREATE TABLE IF NOT EXISTS firefly_category_totals (
  snapshot_id    INTEGER NOT NULL REFERENCES firefly_snapshots(id) ON DELETE CASCADE,
  category       TEXT NOT NULL,
  currency_code  TEXT NOT NULL,
  type           TEXT NOT NULL,
  total          TEXT NOT NULL,
  count          INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, category, currency_code, type)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS firefly_sync_deltas (
  snapshot_id          INTEGER PRIMARY KEY REFERENCES firefly_snapshots(id) ON DELETE CASCADE,
  previous_snapshot_id INTEGER,
  added                INTEGER NOT NULL,
  changed              INTEGER NOT NULL,
  removed              INTEGER NOT NULL,
  category_deltas_json TEXT NOT NULL DEFAULT '[]',
  created_at           TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS firefly_delta_items (
  snapshot_id  INTEGER NOT NULL REFERENCES firefly_snapshots(id) ON DELETE CASCADE,
  journal_id   TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('added','changed','removed')),
  PRIMARY KEY (snapshot_id, journal_id)
) WITHOUT ROWID;
`;

export interface SyncProgress {
  phase: 'connect' | 'accounts' | 'categories' | 'transactions' | 'store' | 'done';
  page?: number;
  totalPages?: number | null;
  groups?: number;
  message: string;
}

export interface SyncOptions {
  start: DateInput;
  end: DateInput;
  /** Transaction type filter sent to Firefly (default `all`; calibration may use `withdrawal`). */
  type?: TransactionTypeFilter;
  /** IANA zone for `Date` inputs and local day bucketing (default: the client's zone). */
  timeZone?: string;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Fail when more than this share of splits is invalid (F12; default 0.01 = 1 %). */
  maxSkippedShare?: number;
  /** Keep at most this many snapshots per (server, period, type); older ones are pruned (default 10). */
  keepSnapshots?: number;
  /** Also fetch asset accounts and categories into the snapshot (default true). */
  includeReferenceData?: boolean;
  now?: () => Date;
}

/** Exact `workbench firefly sync --json` output contract. */
export interface SyncResult {
  snapshotId: number;
  period: { start: string; end: string };
  groups: number;
  transactions: number;
  skipped: number;
  warnings: string[];
  delta: { added: number; changed: number; removed: number };
}

const CategoryDeltaRow = z.object({ category: z.string(), currencyCode: z.string(), type: z.string(), previous: z.string(), current: z.string(), difference: z.string() });
export type CategoryDelta = z.infer<typeof CategoryDeltaRow>;

const UNCATEGORISED = '(uncategorised)';
const locks = new WeakMap<object, true>();

function categoryTotals(rows: readonly NormalizedRow[]): Map<string, { category: string; currencyCode: string; type: string; units: bigint; count: number; decimals: number }> {
  const out = new Map<string, { category: string; currencyCode: string; type: string; units: bigint; count: number; decimals: number }>();
  for (const r of rows) {
    const category = r.tx.categoryName ?? UNCATEGORISED;
    const key = JSON.stringify([category, r.tx.currencyCode, r.tx.type]);
    const cur = out.get(key) ?? { category, currencyCode: r.tx.currencyCode, type: r.tx.type, units: 0n, count: 0, decimals: r.extras.currencyDecimals };
    cur.units += parseDecimal(r.tx.amount) ?? 0n;
    cur.count += 1;
    out.set(key, cur);
  }
  return out;
}

/**
 * Syncs one period from Firefly III into the store. Returns the `--json` contract.
 * Throws typed Firefly errors; on any throw the database is unchanged.
 */
export async function syncFirefly(db: Database.Database, client: FireflyClient, options: SyncOptions): Promise<SyncResult> {
  if (locks.has(db)) {
    throw new FireflySyncStateError('A Firefly III sync is already running for this workbench; wait for it to finish (or cancel it) and try again.');
  }
  locks.set(db, true);
  try {
    return await runSync(db, client, options);
  } finally {
    locks.delete(db);
  }
}

/** Why a currency code Firefly III accepted (3–51 characters of any kind) is not read (CURRENCY_CODE). */
const INVALID_CODE_HINT =
  'the app reads currency codes of 3–51 letters, digits, ".", "_" or "-" (no spaces or symbols); change the code in Firefly III (Options → Currencies)';

async function runSync(db: Database.Database, client: FireflyClient, options: SyncOptions): Promise<SyncResult> {
  const timeZone = options.timeZone ?? client.timeZone;
  const period = resolveRange(options.start, options.end, timeZone);
  const type = options.type ?? 'all';
  const signal = options.signal;
  const progress = options.onProgress ?? (() => undefined);
  const checkAbort = () => {
    if (signal?.aborted) throw new FireflyAbortError();
  };
  const warnings: string[] = [];

  checkAbort();
  progress({ phase: 'connect', message: `Connecting to ${client.baseUrl}` });
  const conn = await client.testConnection({ signal });
  warnings.push(...conn.warnings);

  let accountsJson = '[]';
  let categoriesJson = '[]';
  if (options.includeReferenceData ?? true) {
    checkAbort();
    progress({ phase: 'accounts', message: 'Reading asset accounts' });
    const accounts = await client.listAccounts({ type: 'asset', signal, verifyTotal: false });
    warnings.push(...accounts.warnings);
    accountsJson = JSON.stringify(
      accounts.items.map((a) => ({
        id: a.id,
        name: a.attributes.name,
        type: a.attributes.type,
        role: a.attributes.account_role ?? null,
        currencyCode: a.attributes.currency_code ?? null,
        currentBalance: a.attributes.current_balance ?? null,
        active: a.attributes.active ?? true,
      })),
    );
    checkAbort();
    progress({ phase: 'categories', message: 'Reading categories' });
    const cats = await client.listCategories({ signal, verifyTotal: false });
    warnings.push(...cats.warnings);
    categoriesJson = JSON.stringify(cats.items.map((c) => ({ id: c.id, name: c.attributes.name })));
  }

  checkAbort();
  progress({ phase: 'transactions', message: `Reading transactions ${period.start} … ${period.end}` });
  const list = await client.listTransactions({
    start: period.start,
    end: period.end,
    type,
    signal,
    onPage: (p) =>
      progress({ phase: 'transactions', page: p.page, totalPages: p.totalPages, groups: p.items, message: `Page ${p.page}${p.totalPages ? ` of ${p.totalPages}` : ''}` }),
  });
  warnings.push(...list.warnings);

  const norm = normalizeGroups(list.items, { legacyFields: client.legacyFields });
  if (norm.usedLegacyFields && !client.legacyFields) {
    warnings.push('Some transactions carry only the pre-6.3 native_* amount fields; they were used as primary-currency amounts.');
  }
  // A group the client could not read at all (it failed the API description) counts as one
  // invalid split: its splits are lost just the same (F12).
  const invalid = norm.skipped - (norm.skippedByReason['unsupported-type'] ?? 0) + list.invalidItems;
  const seen = norm.splitsSeen + list.invalidItems;
  // Why splits were left out, by reason, naming the Firefly types ("liability credit") and currency
  // codes ("GOLD OZ") behind them, and a few group/journal ids to look up in Firefly III.
  const types = Object.entries(norm.unsupportedTypes).map(([t, n]) => `"${t}" × ${n}`).join(', ');
  const codes = Object.entries(norm.invalidCurrencies).map(([c, n]) => `${JSON.stringify(c)} × ${n}`).join(', ');
  const reasons = Object.entries(norm.skippedByReason)
    .map(([r, n]) => {
      const why = r === 'unsupported-type' && types ? ` (${types}: not modelled by the app)` : r === 'invalid-currency' && codes ? ` (${codes}: ${INVALID_CODE_HINT})` : '';
      return `${n} ${r as SkipReason}${why}`;
    })
    .join(', ');
  const examples = norm.skippedExamples
    .slice(0, 5)
    .map((e) => `group ${e.groupId}${e.journalId ? `/journal ${e.journalId}` : ''}`)
    .join(', ');
  const maxShare = options.maxSkippedShare ?? 0.01;
  if (seen > 0 && invalid / seen > maxShare) {
    const unreadable = list.invalidItems > 0 ? `${plural(list.invalidItems, 'transaction group')} that did not match the Firefly III API description` : '';
    const why = [reasons, unreadable].filter((x) => x !== '').join(', ');
    throw new FireflyDataQualityError(
      `${invalid} of ${seen} Firefly III transactions (${((invalid / seen) * 100).toFixed(1)} %) had missing or invalid fields, more than the ${(maxShare * 100).toFixed(1)} % allowed: ${why}${examples ? `, e.g. ${examples}` : ''}. Nothing was saved. Fix them in Firefly III and sync again.`,
      invalid,
      seen,
    );
  }
  if (norm.skipped > 0) {
    warnings.push(`Skipped ${count(norm.skipped)} of ${plural(norm.splitsSeen, 'split')} (${reasons}), e.g. ${examples}.`);
  }
  if (list.truncated) warnings.push('The import hit the page cap: this snapshot is PARTIAL and will not be used for calibration unless you accept a partial import.');
  if (norm.rows.length === 0) {
    warnings.push(
      `No transactions in ${period.start} … ${period.end}${type !== 'all' ? ` of type ${type}` : ''}. This empty snapshot is now the latest, which calibration reads; to sync older data, choose an earlier start (From in the Firefly section, --since on the command line).`,
    );
  }

  const rows = [...norm.rows].sort((a, b) => (a.tx.journalId < b.tx.journalId ? -1 : a.tx.journalId > b.tx.journalId ? 1 : 0));
  const contentHash = createHash('sha256')
    .update(JSON.stringify([conn.version, list.truncated, rows.map((r) => [r.tx.journalId, r.rowHash])]))
    .digest('hex');

  checkAbort();
  progress({ phase: 'store', message: `Saving ${rows.length} transactions` });
  const serverUrl = client.baseUrl;
  const now = (options.now ?? (() => new Date()))().toISOString();
  const keep = Math.max(1, options.keepSnapshots ?? 10);

  const write = db.transaction((): SyncResult => {
    const prev = db
      .prepare(
        `SELECT id, content_hash FROM firefly_snapshots WHERE server_url = ? AND period_start = ? AND period_end = ? AND type_filter = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(serverUrl, period.start, period.end, type) as { id: number; content_hash: string } | undefined;
    if (prev && prev.content_hash === contentHash) {
      return {
        snapshotId: prev.id,
        period,
        groups: norm.groups,
        transactions: rows.length,
        skipped: norm.skipped,
        warnings: [...warnings, 'No changes since the last sync of this period; the existing snapshot was kept.'],
        delta: { added: 0, changed: 0, removed: 0 },
      };
    }
    const info = db
      .prepare(
        `INSERT INTO firefly_snapshots (server_url, server_version, period_start, period_end, type_filter, time_zone, created_at, group_count,
           transaction_count, skipped_count, truncated, legacy_fields, content_hash, warnings_json, accounts_json, categories_json, previous_snapshot_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        serverUrl, conn.version, period.start, period.end, type, timeZone, now, norm.groups, rows.length, norm.skipped,
        list.truncated ? 1 : 0, conn.legacyFields ? 1 : 0, contentHash, JSON.stringify(warnings), accountsJson, categoriesJson, prev?.id ?? null,
      );
    const snapshotId = Number(info.lastInsertRowid);
    const ins = db.prepare(
      `INSERT INTO firefly_transactions (snapshot_id, journal_id, group_id, date, local_date, amount, currency_code, currency_decimals, type, description,
         category_id, category_name, budget_id, budget_name, source_id, source_name, source_type, destination_id, destination_name, destination_type,
         tags_json, updated_at, primary_amount, primary_currency_code, foreign_amount, foreign_currency_code, group_title, row_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      const t = r.tx;
      const x = r.extras;
      ins.run(
        snapshotId, t.journalId, t.groupId, t.date, localDateOf(t.date, timeZone), t.amount, t.currencyCode, x.currencyDecimals, t.type, t.description,
        x.categoryId, t.categoryName, x.budgetId, t.budgetName, x.sourceId, t.sourceName, x.sourceType, x.destinationId, t.destinationName,
        x.destinationType, JSON.stringify(t.tags), t.updatedAt, x.primaryAmount, x.primaryCurrencyCode, x.foreignAmount, x.foreignCurrencyCode,
        x.groupTitle, r.rowHash,
      );
    }
    const totals = categoryTotals(rows);
    const insTotal = db.prepare(`INSERT INTO firefly_category_totals (snapshot_id, category, currency_code, type, total, count) VALUES (?, ?, ?, ?, ?, ?)`);
    for (const t of totals.values()) insTotal.run(snapshotId, t.category, t.currencyCode, t.type, formatDecimal(t.units, t.decimals), t.count);

    // Delta vs the previous snapshot of the same key.
    let added = 0;
    let changed = 0;
    let removed = 0;
    const insItem = db.prepare(`INSERT INTO firefly_delta_items (snapshot_id, journal_id, kind) VALUES (?, ?, ?)`);
    const categoryDeltas: CategoryDelta[] = [];
    if (prev) {
      const prevRows = db.prepare(`SELECT journal_id, row_hash FROM firefly_transactions WHERE snapshot_id = ?`).all(prev.id) as Array<{ journal_id: string; row_hash: string }>;
      const prevMap = new Map(prevRows.map((p) => [p.journal_id, p.row_hash]));
      for (const r of rows) {
        const h = prevMap.get(r.tx.journalId);
        if (h === undefined) {
          added += 1;
          insItem.run(snapshotId, r.tx.journalId, 'added');
        } else {
          if (h !== r.rowHash) {
            changed += 1;
            insItem.run(snapshotId, r.tx.journalId, 'changed');
          }
          prevMap.delete(r.tx.journalId);
        }
      }
      for (const jid of prevMap.keys()) {
        removed += 1;
        insItem.run(snapshotId, jid, 'removed');
      }
      const prevTotals = db
        .prepare(`SELECT category, currency_code, type, total FROM firefly_category_totals WHERE snapshot_id = ?`)
        .all(prev.id) as Array<{ category: string; currency_code: string; type: string; total: string }>;
      const pm = new Map(prevTotals.map((p) => [JSON.stringify([p.category, p.currency_code, p.type]), p]));
      const keys = new Set([...pm.keys(), ...totals.keys()]);
      for (const k of keys) {
        const [category, currencyCode, ttype] = JSON.parse(k) as [string, string, string];
        const before = parseDecimal(pm.get(k)?.total ?? '0') ?? 0n;
        const after = totals.get(k)?.units ?? 0n;
        if (before !== after) {
          categoryDeltas.push({ category, currencyCode, type: ttype, previous: formatDecimal(before), current: formatDecimal(after), difference: formatDecimal(after - before) });
        }
      }
    } else {
      added = rows.length;
      for (const r of rows) insItem.run(snapshotId, r.tx.journalId, 'added');
    }
    db.prepare(
      `INSERT INTO firefly_sync_deltas (snapshot_id, previous_snapshot_id, added, changed, removed, category_deltas_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(snapshotId, prev?.id ?? null, added, changed, removed, JSON.stringify(categoryDeltas), now);

    // Retention: keep the newest `keep` snapshots of this key.
    const old = db
      .prepare(
        `SELECT id FROM firefly_snapshots WHERE server_url = ? AND period_start = ? AND period_end = ? AND type_filter = ? ORDER BY id DESC LIMIT -1 OFFSET ?`,
      )
      .all(serverUrl, period.start, period.end, type, keep) as Array<{ id: number }>;
    for (const o of old) deleteSnapshot(db, o.id);

    return { snapshotId, period, groups: norm.groups, transactions: rows.length, skipped: norm.skipped, warnings: [...warnings], delta: { added, changed, removed } };
  });

  checkAbort();
  const result = write.immediate();
  progress({ phase: 'done', message: `Snapshot ${result.snapshotId}: ${result.transactions} transactions` });
  return result;
}

function deleteSnapshot(db: Database.Database, id: number): void {
  for (const t of ['firefly_delta_items', 'firefly_sync_deltas', 'firefly_category_totals', 'firefly_transactions']) {
    db.prepare(`DELETE FROM ${t} WHERE snapshot_id = ?`).run(id);
  }
  db.prepare(`UPDATE firefly_snapshots SET previous_snapshot_id = NULL WHERE previous_snapshot_id = ?`).run(id);
  db.prepare(`DELETE FROM firefly_snapshots WHERE id = ?`).run(id);
}

// ---------------------------------------------------------------------------------------------
// Reading snapshots back (calibration, UI, validation suite)

export interface SnapshotInfo {
  id: number;
  serverUrl: string;
  serverVersion: string | null;
  period: { start: string; end: string };
  typeFilter: string;
  createdAt: string;
  groups: number;
  transactions: number;
  skipped: number;
  truncated: boolean;
  warnings: string[];
}

type SnapshotRow = {
  id: number; server_url: string; server_version: string | null; period_start: string; period_end: string; type_filter: string;
  created_at: string; group_count: number; transaction_count: number; skipped_count: number; truncated: number; warnings_json: string;
};

function toInfo(r: SnapshotRow): SnapshotInfo {
  return {
    id: r.id, serverUrl: r.server_url, serverVersion: r.server_version, period: { start: r.period_start, end: r.period_end }, typeFilter: r.type_filter,
    createdAt: r.created_at, groups: r.group_count, transactions: r.transaction_count, skipped: r.skipped_count, truncated: r.truncated === 1,
    warnings: readWarnings(r.warnings_json),
  };
}

/** The stored warnings, checked with zod: an unreadable column means no warnings, not a failed list. */
function readWarnings(json: string): string[] {
  return z.array(z.string()).catch([]).parse(jsonColumn(json));
}

export function listSnapshots(db: Database.Database, limit = 50): SnapshotInfo[] {
  return (db.prepare(`SELECT * FROM firefly_snapshots ORDER BY id DESC LIMIT ?`).all(limit) as SnapshotRow[]).map(toInfo);
}

export function getSnapshot(db: Database.Database, id: number): SnapshotInfo | null {
  const r = db.prepare(`SELECT * FROM firefly_snapshots WHERE id = ?`).get(id) as SnapshotRow | undefined;
  return r ? toInfo(r) : null;
}

const SyncDeltaRow = z.object({
  previous_snapshot_id: z.number().int().nullable(),
  added: z.number().int().min(0),
  changed: z.number().int().min(0),
  removed: z.number().int().min(0),
  categories: z.array(CategoryDeltaRow),
});

export function getSyncDelta(db: Database.Database, snapshotId: number): { added: number; changed: number; removed: number; previousSnapshotId: number | null; categories: CategoryDelta[] } | null {
  const r = db.prepare(`SELECT * FROM firefly_sync_deltas WHERE snapshot_id = ?`).get(snapshotId) as Record<string, unknown> | undefined;
  if (!r) return null;
  const d = storedRow(SyncDeltaRow, { ...r, categories: jsonColumn(r.category_deltas_json) }, `Firefly snapshot ${snapshotId}: its stored sync delta`, '; sync again to replace it');
  return { added: d.added, changed: d.changed, removed: d.removed, previousSnapshotId: d.previous_snapshot_id, categories: d.categories };
}

/** The snapshot's rows as NormalizedTransaction[] (sorted by date, then journal id). */
export function loadSnapshotTransactions(db: Database.Database, snapshotId: number): NormalizedTransaction[] {
  const rows = db
    .prepare(`SELECT * FROM firefly_transactions WHERE snapshot_id = ? ORDER BY date, journal_id`)
    .all(snapshotId) as Array<Record<string, string | number | null>>;
  // Read back through the same schema that admitted them: calibration must not run on a damaged
  // row (its numbers would be silently wrong), so the first bad one is named and nothing is used.
  return rows.map((r) =>
    storedRow(
      NormalizedTransaction,
      {
        journalId: String(r.journal_id),
        groupId: String(r.group_id),
        date: String(r.date),
        amount: String(r.amount),
        currencyCode: String(r.currency_code),
        type: r.type,
        description: r.description ?? '',
        categoryName: r.category_name ?? null,
        budgetName: r.budget_name ?? null,
        sourceName: r.source_name ?? null,
        destinationName: r.destination_name ?? null,
        tags: jsonColumn(r.tags_json),
        updatedAt: r.updated_at ?? null,
      },
      `Firefly snapshot ${snapshotId}: stored transaction ${String(r.journal_id)}`,
      '; sync again to replace the snapshot',
    ),
  );
}

export interface CalibrationInput {
  snapshot: SnapshotInfo;
  currencyCode: string;
  transactions: NormalizedTransaction[];
  /** Withdrawals in other currencies, left out (F13). */
  excludedOtherCurrencies: number;
  warnings: string[];
}

/**
 * Picks the spending (withdrawal) rows of one currency from a snapshot, ready for
 * mapCategories/aggregateWeekly/calibrate (src-shared/projections/calibration, owned elsewhere).
 * F13: one currency only (the requested one, else the one with most withdrawals);
 * F19: no usable rows → FireflyNoDataError; a truncated snapshot is refused unless acceptPartial.
 */
export function loadCalibrationInput(db: Database.Database, opts: { snapshotId?: number; currencyCode?: string; acceptPartial?: boolean } = {}): CalibrationInput {
  const snap = opts.snapshotId !== undefined ? getSnapshot(db, opts.snapshotId) : (listSnapshots(db, 1)[0] ?? null);
  if (!snap && opts.snapshotId !== undefined && listSnapshots(db, 1).length > 0) {
    throw new FireflyNoDataError(`Firefly snapshot ${opts.snapshotId} does not exist; see the stored ones in the Firefly section or with \`workbench firefly snapshots\`.`);
  }
  if (!snap) throw new FireflyNoDataError('No Firefly III data has been synced yet. Run a sync (Firefly → Sync, or `workbench firefly sync`) first.');
  if (snap.truncated && !opts.acceptPartial) {
    throw new FireflyNoDataError(`Snapshot ${snap.id} is partial (the import hit the page cap). Sync a shorter period, or accept a partial import explicitly.`);
  }
  const all = loadSnapshotTransactions(db, snap.id).filter((t) => t.type === 'withdrawal');
  if (all.length === 0) {
    throw new FireflyNoDataError(`Snapshot ${snap.id} (${snap.period.start} … ${snap.period.end}) has no spending (withdrawal) transactions; calibration was skipped. Pick a period with spending.`);
  }
  const byCur = new Map<string, number>();
  for (const t of all) byCur.set(t.currencyCode, (byCur.get(t.currencyCode) ?? 0) + 1);
  let currencyCode = opts.currencyCode?.toUpperCase();
  if (currencyCode && !byCur.has(currencyCode)) {
    throw new FireflyCurrencyError(`currency: snapshot ${snap.id} has no spending in ${currencyCode}; it has ${[...byCur.keys()].join(', ')}. Pick one of those.`);
  }
  if (!currencyCode) currencyCode = [...byCur.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const transactions = all.filter((t) => t.currencyCode === currencyCode);
  const excluded = all.length - transactions.length;
  const warnings: string[] = [];
  const others = [...byCur.keys()].filter((c) => c !== currencyCode).sort();
  if (excluded > 0) {
    warnings.push(`${leftOutInOtherCurrencies(excluded, 'withdrawal', others)}; calibration uses ${currencyCode} only.`);
  }
  // Consumed by loadFireflyCalibrationTransactions / fireflyCalibrate (service.ts), which feed the
  // shared calibration (src-shared/projections/calibration) with the user's mapping rules.
  return { snapshot: snap, currencyCode, transactions, excludedOtherCurrencies: excluded, warnings };
}
