// A minimal valid deployment manifest (all five contracts at one address) for manifest loader tests.
export const MANIFEST_ADDR = '0x5FbDB2315678afecb367f032d93F642f64180aa3'; // checksummed (the first Hardhat deployment)
export const manifestContract = { address: MANIFEST_ADDR, txHash: '0x' + '1'.repeat(64), blockNumber: 1, constructorArgs: [], bytecodeHash: 'x', abi: [{ type: 'function' }] };
export const manifestFixture = {
  schemaVersion: 1, network: 'localhost', chainId: 31337, deployedAt: new Date(0).toISOString(), deployer: MANIFEST_ADDR, block: 5,
  gitCommit: null, compiler: { version: '0.8.28', optimizer: { enabled: true, runs: 200 } },
  contracts: { GroToken: manifestContract, FoodUSD: manifestContract, GroVault: manifestContract, CoopGovernor: manifestContract, GroupPurchase: manifestContract },
  params: { votingPeriod: 604800, quorumVotes: '50', treasury: MANIFEST_ADDR, chair: MANIFEST_ADDR },
};
