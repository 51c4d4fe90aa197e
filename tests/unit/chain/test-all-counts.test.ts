import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The contracts step of scripts/test-all.sh adds Hardhat's counts to the "N passed, N failed" summary. Hardhat 3
// prints each runner's summary and then an overall one, so only the last line of each kind is the total.
const script = readFileSync(join(__dirname, '../../../scripts/test-all.sh'), 'utf8');
const fn = script.match(/^hardhat_total\(\) \{[\s\S]*?^\}/m)?.[0] ?? '';

function total(kind: string, output: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hh-count-'));
  const file = join(dir, 'hardhat.txt');
  writeFileSync(file, output);
  return execFileSync('bash', ['-c', `${fn}\nhardhat_total "$1" "$2"`, 'bash', kind, file], { encoding: 'utf8' }).trim();
}

describe('test-all.sh contracts summary', () => {
  it('counts the overall Hardhat totals once, not once per runner plus the overall line', () => {
    const out = ['  68 passing (3s)', '  2 failing', '', '70 passing (68 mocha, 2 solidity)', '2 failing (2 mocha)', ''].join('\n');
    expect(total('passing', out)).toBe('70');
    expect(total('failing', out)).toBe('2');
    expect(total('failing', '  68 passing (3s)\n68 passing (68 mocha)\n')).toBe('0');
  });
});

describe('test-all.sh failed-test lines', () => {
  // A CI log is read from its tail: the summary must name each failing test, not just the failing step.
  const fn = script.match(/^failed_tests\(\) \{[\s\S]*?^\}/m)?.[0] ?? '';

  function failedLines(reports: Record<string, unknown>): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'vitest-reports-'));
    for (const [name, r] of Object.entries(reports)) writeFileSync(join(dir, `vitest-${name}.json`), JSON.stringify(r));
    const out = execFileSync('bash', ['-c', `${fn}\nREPORT_DIR="$1" ROOT=/repo failed_tests`, 'bash', dir], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  }

  it('names each failing test with its file and the first line of its error, and nothing that passed', () => {
    const lines = failedLines({
      e2e: {
        testResults: [
          { name: '/repo/tests/e2e/a.test.ts', status: 'failed', assertionResults: [
            { fullName: 'views paints Simulate', status: 'failed', failureMessages: ['AssertionError: expected 1385 to be less than 1000\n    at stack'] },
            { fullName: 'views exports CSV', status: 'passed', failureMessages: [] },
          ] },
          { name: '/repo/tests/e2e/b.test.ts', status: 'failed', message: 'Hook timed out in 180000ms\nmore', assertionResults: [] },
          { name: '/repo/tests/e2e/c.test.ts', status: 'passed', assertionResults: [{ fullName: 'fine', status: 'passed' }] },
        ],
      },
      unit: { testResults: [] },
    });
    expect(lines).toEqual([
      '  failed: tests/e2e/a.test.ts > views paints Simulate: AssertionError: expected 1385 to be less than 1000',
      '  failed: tests/e2e/b.test.ts: Hook timed out in 180000ms',
    ]);
  });

  it('prints nothing when every test passed', () => {
    expect(failedLines({ unit: { testResults: [{ name: '/repo/tests/unit/x.test.ts', status: 'passed', assertionResults: [{ fullName: 'x', status: 'passed' }] }] } })).toEqual([]);
  });
});
