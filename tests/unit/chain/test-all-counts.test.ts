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
