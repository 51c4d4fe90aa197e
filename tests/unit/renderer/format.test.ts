import { describe, expect, it } from 'vitest';
import { diffDecimals, diffTone, fixed, intFieldError, phaseMoney, money, num, pct, pts, sig, signed, tickFormatFor, tickStopsFor, runDetails } from '../../../src-renderer/analytics/format';

describe('analytics number formatting', () => {
  it('signed differences: sign for real changes, none for ones that round to zero', () => {
    expect(signed(-0.0004, (v) => num(v, 3))).toBe('0');
    expect(signed(0.0001, (v) => pct(v))).toBe('0.0%');
    expect(signed(-0.0123, (v) => num(v, 3))).toBe('−0.012');
    expect(signed(7813.4, (v) => money(v))).toBe('+$7,813');
    expect(signed(-250, (v) => money(v))).toBe('−$250');
    expect(signed(NaN, (v) => num(v))).toBe('—');
  });
});

describe('differences of rates and chart ticks', () => {
  it('rate differences are percentage points', () => {
    expect(signed(-0.02, (v) => pts(v))).toBe('−2.0 pts');
    expect(signed(0, (v) => pts(v, 0))).toBe('0 pts');
  });
  it('a zero (or rounds-to-zero) difference is neutral, not "worse"', () => {
    expect(diffTone(0, '0 pts', 'lower')).toBe('');
    expect(diffTone(0.00001, '0.0 pts', 'higher')).toBe('');
    expect(diffTone(-0.02, '−2.0 pts', 'lower')).toBe('good');
    expect(diffTone(-0.02, '−2.0 pts', 'higher')).toBe('bad');
    expect(diffTone(null, '—', 'higher')).toBe('');
  });
  it('tick formats have enough decimals for distinct ticks over the data range', () => {
    expect(tickFormatFor([0.98, 0.99, 1], 2)).toBe('.3f');
    expect(tickFormatFor([0.2, 0.5, null, NaN], 3)).toBe('.3f');
    expect(tickFormatFor([1000, 1003], 0, '$,')).toBe('$,.1f');
    // Stops: the decimals follow Plotly's tick step (0.05 → 2, 0.2 → 1, 1000 → 0).
    const pick = (dtick: number, stops = tickStopsFor('$,')) =>
      stops.find((s) => (s.dtickrange[0] === null || dtick >= s.dtickrange[0]) && (s.dtickrange[1] === null || dtick < s.dtickrange[1]))!.value;
    expect(pick(0.05)).toBe('$,.2f');
    expect(pick(0.2)).toBe('$,.1f');
    expect(pick(0.1)).toBe('$,.1f');
    expect(pick(1000)).toBe('$,.0f');
    expect(pick(1)).toBe('$,.0f');
    expect(pick(0.005, tickStopsFor())).toBe('.3f');
    expect(pick(1e-9, tickStopsFor())).toBe('.6f');
    expect(tickFormatFor([1000, 90000], 0, '$,')).toBe('$,.0f');
    expect(tickFormatFor([], 2)).toBe('.2f');
  });
});

describe('significant digits (sensitivity slopes)', () => {
  it('one format for small and large numbers, with the minus sign', () => {
    expect(sig(269.1089)).toBe('269.1');
    expect(sig(52110.3)).toBe('52,110');
    expect(sig(-0.0012345)).toBe('−0.001235');
    expect(sig(0)).toBe('0');
    expect(sig(null)).toBe('—');
    expect(signed(-0.596, (v) => pct(v))).toBe('−59.6%');
  });
});

describe('run option labels', () => {
  it('add the status once', async () => {
    const { runOptionLabel } = await import('../../../src-renderer/analytics/format');
    expect(runOptionLabel({ id: 7, name: 'Baseline · 50×156 · seed 42', status: 'done' })).toBe('#7 Baseline · 50×156 · seed 42 (done)');
    expect(runOptionLabel({ id: 8, name: 'Custom · 50×156 · 20 of 200 runs (cancelled) · seed 42', status: 'cancelled' })).toBe('#8 Custom · 50×156 · 20 of 200 runs (cancelled) · seed 42');
  });
});

describe('fixed-decimal indices', () => {
  it('keeps trailing zeros and uses the U+2212 minus', () => {
    expect(fixed(0.24)).toBe('0.240');
    expect(fixed(-0.0234)).toBe('−0.023');
    expect(fixed(-0.0001)).toBe('0.000');
    expect(signed(-0.02, (v) => fixed(v))).toBe('−0.020');
    expect(fixed(null)).toBe('—');
  });
});

describe('integer field errors', () => {
  it('name the field, the range and what was typed; null when valid', () => {
    expect(intFieldError('Runs', '200', 2, 100000)).toBeNull();
    expect(intFieldError('Runs', ' 200 ', 2, 100000)).toBeNull();
    // Number() read these as integers; a person typing them did not mean "1000", "2" or "16".
    for (const raw of ['1e3', '2.0', '0x10']) expect(intFieldError('Runs', raw, 2, 100000)).toBe(`Runs must be an integer between 2 and 100,000; got “${raw}”`);
    expect(intFieldError('Runs', '1', 2, 100000)).toBe('Runs must be an integer between 2 and 100,000; got “1”');
    expect(intFieldError('Seed', 'abc', 0, Number.MAX_SAFE_INTEGER)).toBe('Seed must be an integer between 0 and 9,007,199,254,740,991; got “abc”');
    expect(intFieldError('Replicates', '  ', 1, 1000)).toBe('Replicates must be an integer between 1 and 1,000; got nothing');
    expect(intFieldError('Population', '0', 1, Infinity)).toBe('Population must be an integer of 1 or more; got “0”');
    expect(intFieldError('CHR K', '2.5', 1, 1000)).toMatch(/got “2\.5”$/);
  });
});

describe('narrative phase amounts', () => {
  it('upstream’s "$x.xx" text gets thousands separators; other text is left alone', () => {
    expect(phaseMoney('$9448.06')).toBe('$9,448.06');
    expect(phaseMoney('$12.5')).toBe('$12.5');
    expect(phaseMoney('-$1234.00')).toBe('−$1,234.00');
    expect(phaseMoney('$-1234.00')).toBe('−$1,234.00');
    expect(phaseMoney('n/a')).toBe('n/a');
  });
});

describe('diffDecimals', () => {
  it('one decimal more when the rounded values would suggest another difference', () => {
    // 0.2624 vs 0.2598 show as 0.262 and 0.260 (apparently −0.002), but the difference rounds to −0.003.
    expect(diffDecimals(0.2624, 0.2598)).toBe(4);
    expect(fixed(0.2598 - 0.2624, diffDecimals(0.2624, 0.2598))).toBe('−0.0026');
    // Where rounding agrees, the values' own decimals.
    expect(diffDecimals(0.262, 0.24)).toBe(3);
    expect(diffDecimals(0.2501, 0.2402)).toBe(3);
    expect(diffDecimals(1.5, 1.5)).toBe(3);
  });
});

describe('runDetails', () => {
  const doc = { kind: 'single' as const, completedRuns: 1, runs: 1, model: 'reference' as const, seed: 42, members: 1000, weeks: 260 };
  it('says the seed and size once: not again when the run\'s name already has them', () => {
    expect(runDetails('Custom · 1000×260 · seed 42', doc)).toBe('single run · model reference');
    expect(runDetails('My run', doc)).toBe('single run · model reference · seed 42 · 1,000 members × 260 weeks');
    expect(runDetails(null, { ...doc, kind: 'montecarlo', completedRuns: 40, runs: 50 })).toBe('Monte Carlo, 40 of 50 runs · model reference · seed 42 · 1,000 members × 260 weeks');
    // Another seed or size in the name is not this run's: both are still said.
    expect(runDetails('Custom · 50×156 · seed 7', doc)).toBe('single run · model reference · seed 42 · 1,000 members × 260 weeks');
    expect(runDetails('Custom · 11000×2600 · seed 420', doc)).toBe('single run · model reference · seed 42 · 1,000 members × 260 weeks');
  });

  it('a cancelled set whose name counts its runs is not counted again (the name said "37 of 1000 runs" twice)', () => {
    const set = { ...doc, kind: 'montecarlo' as const, completedRuns: 37, runs: 1000, members: 50, weeks: 156 };
    expect(runDetails('Custom · 50×156 · 37 of 1000 runs (cancelled) · seed 42', set)).toBe('Monte Carlo · model reference');
    // Another count in the name is not this set's.
    expect(runDetails('Custom · 50×156 · 137 of 1000 runs (cancelled) · seed 42', set)).toBe('Monte Carlo, 37 of 1,000 runs · model reference');
  });

  it('large counts are grouped, and a grouped default name counts the runs and the size', () => {
    const big = { ...doc, kind: 'montecarlo' as const, completedRuns: 10752, runs: 100000, members: 1000, weeks: 2600 };
    expect(runDetails('My set', big)).toBe('Monte Carlo, 10,752 of 100,000 runs · model reference · seed 42 · 1,000 members × 2,600 weeks');
    expect(runDetails('Custom · 1,000×2,600 · 10,752 of 100,000 runs (cancelled) · seed 42', big)).toBe('Monte Carlo · model reference');
  });
});

describe('counts and parameter values', () => {
  it('counts are grouped ("10,752 of 100,000"), missing ones a dash', async () => {
    const { count } = await import('../../../src-renderer/analytics/format');
    expect(`${count(10752)} of ${count(100000)}`).toBe('10,752 of 100,000');
    expect(count(999)).toBe('999');
    expect(count(0)).toBe('0');
    expect(count(null)).toBe('—');
    expect(count(NaN)).toBe('—');
  });
  it('parameter values keep every digit, grouped, with the minus sign U+2212', async () => {
    const { paramText } = await import('../../../src-renderer/analytics/format');
    expect(paramText(1000)).toBe('1,000');
    expect(paramText(0.35)).toBe('0.35');
    expect(paramText(0.123456789012)).toBe('0.123456789012');
    expect(paramText(1234.5678)).toBe('1,234.5678');
    expect(paramText(-0.02)).toBe('−0.02');
    expect(paramText(undefined)).toBe('—');
  });
});

describe('projections number formats', () => {
  it('negative money and percentages take the minus sign U+2212 before the unit', async () => {
    const { usd0, pct0, signedPct } = await import('../../../src-renderer/projections/format');
    expect(usd0(-1234.4)).toBe('−$1,234');
    expect(usd0(1234.6)).toBe('$1,235');
    expect(usd0(-0.2)).toBe('$0');
    // The analytics views' money keeps the same zero rule (it showed "−$0").
    expect(money(-0.4)).toBe('$0');
    expect(money(-0.004, 2)).toBe('$0.00');
    expect(money(-0.006, 2)).toBe('−$0.01');
    expect(money(NaN)).toBe('—');
    expect(pct0(-5.2)).toBe('−5%');
    expect(signedPct(-6.34)).toBe('−6.3%');
    expect(signedPct(2)).toBe('+2.0%');
    expect(signedPct(-0.04)).toBe('0.0%');
    expect(signedPct(null)).toBe('N/A');
  });
});

describe('percentages read like the numbers beside them', () => {
  it('pct and pts group thousands and write a negative with the minus sign U+2212, none on what rounds to zero', () => {
    // A co-op run's wealth growth over three years (Strong Cooperation: 1050.5%).
    expect(pct(10.505)).toBe('1,050.5%');
    expect(pct(-0.123)).toBe('−12.3%');
    expect(pct(-0.0001)).toBe('0.0%');
    expect(pct(0.5, 0)).toBe('50%');
    expect(pct(null)).toBe('—');
    expect(pts(12.345)).toBe('1,234.5 pts');
    expect(pts(-0.02)).toBe('−2.0 pts');
    expect(pts(-0.00001)).toBe('0.0 pts');
    expect(signed(10.505, (v) => pct(v))).toBe('+1,050.5%');
  });
  it('the projections ROI and variance percentages group thousands (17,919%, not 17919%)', async () => {
    const { pct0, signedPct } = await import('../../../src-renderer/projections/format');
    expect(pct0(17919.4)).toBe('17,919%');
    expect(pct0(1366)).toBe('1,366%');
    expect(signedPct(1199.2, 0)).toBe('+1,199%');
    expect(signedPct(-1234.56)).toBe('−1,234.6%');
  });
});


describe('plain numbers', () => {
  it('num writes a negative with the minus sign U+2212 (Sensitivity\'s "[-0.0256, 0.07]"), none on what rounds to zero', () => {
    expect(num(-0.0111, 4)).toBe('−0.0111');
    expect(num(-12345.6)).toBe('−12,346');
    expect(num(-0.00001, 4)).toBe('0');
    expect(num(0.07, 4)).toBe('0.07');
    expect(num(1234.5678, 1)).toBe('1,234.6');
  });
});

describe('parameter errors in the editor', () => {
  it('lead with the label, keep the code in parentheses and group the range; the validator (CLI, API) still names the key', async () => {
    const { paramErrorText } = await import('../../../src-renderer/analytics/format');
    const { validateParams } = await import('../../../src-shared/engine');
    const r = validateParams({ NUM_MEMBERS: '0', WEEKLY_COOP_FEE_B: '-1', INITIAL_WEALTH_MEAN_LOG: 'x' });
    expect(r.ok).toBe(false);
    const errs = r.ok ? [] : r.errors;
    expect(errs.map((e) => e.message)).toEqual([
      'NUM_MEMBERS must be a positive integer between 1 and 1000000; got "0"',
      expect.stringMatching(/^INITIAL_WEALTH_MEAN_LOG must be a number between /),
      'WEEKLY_COOP_FEE_B must be a number between 0 and 100000; got "-1"',
    ]);
    expect(errs.map(paramErrorText)).toEqual([
      'Number of members (NUM_MEMBERS) must be a positive integer between 1 and 1,000,000; got "0"',
      expect.stringMatching(/^Initial wealth \(log mean\) \(INITIAL_WEALTH_MEAN_LOG\) must be a number between \S+ and \S+; got "x"$/),
      'Weekly co-op fee ($) (WEEKLY_COOP_FEE_B) must be a number between 0 and 100,000; got "-1"',
    ]);
    // Not a parameter's range error: unchanged.
    expect(paramErrorText({ field: 'FOO', message: 'unsupported parameter FOO; allowed: …' })).toBe('unsupported parameter FOO; allowed: …');
    expect(paramErrorText({ field: 'description', message: 'description must be a string' })).toBe('description must be a string');
  });
});
