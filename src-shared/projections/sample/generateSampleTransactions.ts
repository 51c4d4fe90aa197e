import { toCsv, type CsvValue } from '../../finance/csv';
import { formatCents } from '../../finance/money';
import { createRng } from '../monteCarlo';
import { dateOfDay, dayNumber, zonedIso } from '../calibration/weekly';

/**
 * Deterministic generator of resources/sample-transactions.csv: one anonymised household in
 * America/New_York over 26 full weeks (Mon 2025-01-06 … Sun 2025-07-06, across the 9 March DST
 * change), Firefly-export-style columns, withdrawals written as negative amounts like Firefly does.
 * Re-run with `npx tsx -e "import('./src-shared/projections/sample/generateSampleTransactions.ts').then(m=>process.stdout.write(m.generateSampleTransactionsCsv()))" > resources/sample-transactions.csv`.
 */

export const SAMPLE_TIME_ZONE = 'America/New_York';
export const SAMPLE_FIRST_DAY = '2025-01-06';
export const SAMPLE_WEEKS = 26;

export const SAMPLE_HEADER = [
  'journal_id',
  'group_id',
  'date',
  'type',
  'amount',
  'currency_code',
  'description',
  'category',
  'budget',
  'source_name',
  'destination_name',
  'tags',
] as const;

interface Row {
  day: number;
  hh: number;
  mi: number;
  type: 'withdrawal' | 'deposit' | 'transfer';
  cents: number;
  description: string;
  category: string;
  budget: string;
  source: string;
  destination: string;
  tags: string;
}

export function generateSampleTransactionsCsv(seed = 20250106): string {
  const rng = createRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const rows: Row[] = [];
  const start = dayNumber(SAMPLE_FIRST_DAY);
  const grocers = ['FreshMart', 'Green Valley Supermarket', 'Corner Grocer'];
  const restaurants = ['Luigi\'s Trattoria', 'Pho Saigon', 'The Blue Door "Bistro"'];
  const spend = (day: number, cents: number, description: string, category: string, budget: string, source: string, destination: string, tags = '') =>
    rows.push({ day, hh: int(8, 20), mi: int(0, 59), type: 'withdrawal', cents, description, category, budget, source, destination, tags });

  for (let w = 0; w < SAMPLE_WEEKS; w++) {
    const mon = start + 7 * w;
    // Groceries: two shops a week, a bigger weekend shop.
    const g1 = pick(grocers);
    spend(mon + int(0, 2), int(3500, 7500), `${g1} weekly shop`, 'Groceries', 'Food', 'Checking Account', g1);
    const g2 = pick(grocers);
    spend(mon + int(4, 6), int(6000, 12500), `${g2}, weekend shop`, 'Groceries', 'Food', 'Credit Card', g2, 'weekend');
    if (w % 5 !== 3) spend(mon + 5, int(1500, 4000), 'Saturday farmers market', 'Farmers Market', 'Food', 'Cash Wallet', 'Riverside Farmers Market');
    if (w % 4 !== 2) {
      const r = pick(restaurants);
      spend(mon + int(3, 6), int(2500, 7000), `Dinner at ${r}`, 'Restaurants', 'Food', 'Credit Card', r);
    }
    for (let k = 0; k < 2; k++) spend(mon + int(0, 4), int(400, 900), 'Morning coffee', 'Coffee Shop', 'Food', 'Credit Card', 'Bean There Cafe');
    if (w % 2 === 1) spend(mon + int(4, 6), int(2000, 4500), 'Pizza delivery, large', 'Food Delivery', 'Food', 'Credit Card', 'QuickBite Delivery');
    // Non-food spending.
    spend(mon + int(0, 6), int(3000, 5500), 'Gas station fill-up', 'Transport', 'Car', 'Credit Card', 'Shell');
    if (w % 2 === 0) spend(mon + 1, 3250, 'Monthly transit pass, prorated', 'Transport', 'Commute', 'Checking Account', 'City Transit');
    if (w % 3 === 1) spend(mon + int(0, 6), int(1200, 6000), pick(['Cinema tickets', 'Concert, balcony', 'Streaming + games']), 'Entertainment', '', 'Credit Card', pick(['Regal Cinemas', 'Ticket Hub', 'PlayStore']));
    // Refunds from grocers (deposits back to the card).
    if (w % 5 === 2) {
      rows.push({ day: mon + int(1, 5), hh: int(9, 18), mi: int(0, 59), type: 'deposit', cents: int(450, 2200), description: 'Refund: damaged item', category: 'Groceries', budget: '', source: 'FreshMart', destination: 'Credit Card', tags: 'refund' });
    }
    // Income: biweekly salary on Fridays.
    if (w % 2 === 0) {
      rows.push({ day: mon + 4, hh: 6, mi: 0, type: 'deposit', cents: 215000, description: 'Salary', category: 'Salary', budget: '', source: 'Acme Logistics Payroll', destination: 'Checking Account', tags: '' });
    }
    // Monthly items in the first week of each month.
    const monDate = dateOfDay(mon);
    const firstOfMonthWeek = +monDate.slice(8, 10) <= 7;
    if (firstOfMonthWeek) {
      spend(mon, 145000, 'Rent', 'Rent', 'Housing', 'Checking Account', 'Oakwood Property Mgmt');
      spend(mon + 2, int(6000, 14000), 'Electricity bill', 'Utilities', 'Bills', 'Checking Account', 'City Power & Light');
      spend(mon + 2, int(2500, 4500), 'Water, sewer', 'Utilities', 'Bills', 'Checking Account', 'Municipal Water');
      spend(mon + 3, 6999, 'Internet, 500 Mbps', 'Utilities', 'Bills', 'Checking Account', 'FiberNet');
      rows.push({ day: mon + 3, hh: 10, mi: 0, type: 'transfer', cents: 30000, description: 'Monthly savings', category: '', budget: '', source: 'Checking Account', destination: 'Savings Account', tags: '' });
      rows.push({ day: mon + 4, hh: 11, mi: 15, type: 'transfer', cents: int(60000, 90000), description: 'Credit card payment', category: '', budget: '', source: 'Checking Account', destination: 'Credit Card', tags: '' });
    }
  }
  // Late Sunday-night orders: local Sunday, already Monday in UTC (one just before the DST change).
  rows.push({ day: dayNumber('2025-03-09'), hh: 23, mi: 30, type: 'withdrawal', cents: 3875, description: 'Late-night takeaway', category: 'Takeaway', budget: 'Food', source: 'Credit Card', destination: 'Noodle Express', tags: '' });
  rows.push({ day: dayNumber('2025-07-06'), hh: 22, mi: 45, type: 'withdrawal', cents: 2640, description: 'Sunday night groceries', category: 'Supermarket', budget: 'Food', source: 'Checking Account', destination: 'FreshMart', tags: '' });

  rows.sort((a, b) => a.day - b.day || a.hh - b.hh || a.mi - b.mi);
  const out: CsvValue[][] = [[...SAMPLE_HEADER]];
  rows.forEach((r, i) => {
    const [y, m, d] = dateOfDay(r.day).split('-').map(Number);
    const id = String(1001 + i);
    out.push([
      id,
      id,
      zonedIso(y, m, d, r.hh, r.mi, 0, SAMPLE_TIME_ZONE),
      r.type,
      r.type === 'withdrawal' ? `-${formatCents(r.cents)}` : formatCents(r.cents),
      'USD',
      r.description,
      r.category,
      r.budget,
      r.source,
      r.destination,
      r.tags,
    ]);
  });
  return toCsv(out);
}
