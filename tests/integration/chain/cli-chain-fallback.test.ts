// contracts.md T4: a chain that can't be used gives a clear error, and the run either falls back to
// the model adapter or fails, as configured (--chain-fallback / sim.run chainFallback).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const { dir, cleanup } = tmpDir('wb-chain-fallback-');
afterAll(() => cleanup());
const wb = (...args: string[]) => runCli(['--data-dir', dir, ...args]);
const sim = ['simulate', '--members', '8', '--weeks', '6', '--seed', '3', '--no-save'];

describe('simulate --chain hardhat with no node running', () => {
  it('fails by default, naming the cause', async () => {
    const r = await wb('--json', ...sim, '--chain', 'hardhat');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs a running chain node: start one with "workbench chain up"/);
  });

  it('--chain-fallback model mirrors on the model, the same as --chain model, with a warning', async () => {
    const [fb, model] = [await wb('--json', ...sim, '--chain', 'hardhat', '--chain-fallback', 'model'), await wb('--json', ...sim, '--chain', 'model')];
    expect(fb.code, fb.stderr).toBe(0);
    const a = JSON.parse(fb.stdout);
    const b = JSON.parse(model.stdout);
    expect(a.chain.mode).toBe('model');
    expect(a.chain.warning).toMatch(/^Hardhat was not usable, so the contracts were mirrored on the in-process model instead.*needs a running chain node/);
    expect(b.chain.warning).toBeUndefined();
    expect(a.chain.eventsDigest).toBe(b.chain.eventsDigest);
    expect(a.chain.metrics).toEqual(b.chain.metrics);
    expect(a.final).toEqual(b.final);
    const text = await wb(...sim, '--chain', 'hardhat', '--chain-fallback', 'model');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/contract mirror \(model\): \d+ actions, \d+ reverted, \d+ events\nwarning: Hardhat was not usable/);
  });

  it('--chain-fallback without --chain hardhat is a usage error naming both options (it was silently ignored); nothing is stored', async () => {
    for (const chain of [[], ['--chain', 'off'], ['--chain', 'model']]) {
      const r = await wb('--json', 'simulate', '--members', '8', '--weeks', '6', ...chain, '--chain-fallback', 'model');
      expect(r.code, `${chain.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--chain-fallback applies only with --chain hardhat (what to do when no node is usable); got --chain ${chain[1] ?? 'off'}`);
    }
    expect(JSON.parse((await wb('--json', 'runs', 'list')).stdout)).toEqual([]);
  });

  it('an unknown fallback is a usage error that lists the choices', async () => {
    const r = await wb(...sim, '--chain', 'hardhat', '--chain-fallback', 'maybe');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--chain-fallback.*maybe.*fail, model/s);
  });
});
