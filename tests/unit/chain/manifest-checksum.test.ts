// A manifest address with a mistyped character must not be used: mixed-case addresses carry an
// EIP-55 checksum, and the app checks it where it loads manifests (src-main; src-shared has no keccak).
import { describe, expect, it } from 'vitest';
import { checkedManifest } from '../../../src-main/chain/deploy';

const addr = '0x5FbDB2315678afecb367f032d93F642f64180aa3'; // checksummed (the first Hardhat deployment)
const c = { address: addr, txHash: '0x' + '1'.repeat(64), blockNumber: 1, constructorArgs: [], bytecodeHash: 'x', abi: [{ type: 'function' }] };
const good = {
  schemaVersion: 1, network: 'localhost', chainId: 31337, deployedAt: new Date(0).toISOString(), deployer: addr, block: 5,
  gitCommit: null, compiler: { version: '0.8.28', optimizer: { enabled: true, runs: 200 } },
  contracts: { GroToken: c, FoodUSD: c, GroVault: c, CoopGovernor: c, GroupPurchase: c },
  params: { votingPeriod: 604800, quorumVotes: '50', treasury: addr, chair: addr },
};

describe('deployment manifest checksums', () => {
  it('accepts checksummed and single-case addresses', () => {
    expect(checkedManifest(good, 31337).contracts.GroVault.address).toBe(addr);
    expect(checkedManifest({ ...good, deployer: addr.toLowerCase() }).deployer).toBe(addr.toLowerCase());
  });
  it('refuses a mixed-case address whose checksum fails, naming the field and the value', () => {
    const typo = addr.replace('5FbDB', '5FbDb'); // one letter's case flipped
    expect(() => checkedManifest({ ...good, contracts: { ...good.contracts, GroVault: { ...c, address: typo } } })).toThrow(
      `invalid deployment manifest: contracts.GroVault.address: "${typo}" fails its EIP-55 checksum`,
    );
    expect(() => checkedManifest({ ...good, params: { ...good.params, treasury: typo } })).toThrow(/params\.treasury/);
  });
});
