// A manifest address with a mistyped character must not be used: mixed-case addresses carry an
// EIP-55 checksum, and the app checks it where it loads manifests (src-main; src-shared has no keccak).
import { describe, expect, it } from 'vitest';
import { checkedManifest } from '../../../src-main/chain/deploy';
import { MANIFEST_ADDR, manifestContract, manifestFixture } from '../../helpers/manifest';

const addr = MANIFEST_ADDR;
const c = manifestContract;
const good = manifestFixture;

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
