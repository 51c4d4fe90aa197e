// Deploy the five contracts to a running node and write contracts/deployments/<chainId>.json.
// Usage (from the repo root): node --import tsx contracts/scripts/deploy.ts [rpcUrl]   (default http://127.0.0.1:8545)
// The app itself deploys through src-main/chain/deploy.ts, the same code, without the Hardhat CLI.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployContracts } from '../../src-main/chain/deploy';

const here = dirname(fileURLToPath(import.meta.url));
const rpcUrl = process.argv[2] ?? 'http://127.0.0.1:8545';
const manifest = await deployContracts({ rpcUrl, outDir: join(here, '..', 'deployments'), repoRoot: join(here, '..', '..') });
for (const [name, c] of Object.entries(manifest.contracts)) console.log(`${name.padEnd(14)} ${c.address}  block ${c.blockNumber}`);
console.log(`manifest: contracts/deployments/${manifest.chainId}.json`);
