// Programmatic deployment with ethers 6 from the generated bindings (ABI + bytecode): the app never needs the
// Hardhat CLI to deploy. Writes the deployment manifest to <outDir>/<chainId>.json (contracts/deployments/ is
// git-ignored), replacing any previous file so no stale address survives a redeploy.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContractFactory, JsonRpcProvider, getAddress, type InterfaceAbi } from 'ethers';
import * as B from '../../src-shared/chain/bindings/index';
import { DeploymentManifestSchema, parseManifest, type DeploymentManifest } from '../../src-shared/chain/manifest';
import { makeDirs } from '../fs/makeDirs';

export interface DeployOptions {
  rpcUrl: string;
  /** Directory the manifest is written to (e.g. <repo>/contracts/deployments). Omit to skip writing. */
  outDir?: string;
  network?: string;
  votingPeriod?: number;
  quorumVotes?: bigint;
  /** Repo root for the git commit lookup (read-only `git rev-parse HEAD`). */
  repoRoot?: string;
}

type Name = (typeof B.CONTRACT_NAMES)[number];
const ARTIFACT: Record<Name, { abi: InterfaceAbi; bytecode: string; bytecodeHash: string }> = {
  GroToken: { abi: B.GroTokenAbi as unknown as InterfaceAbi, bytecode: B.GroTokenBytecode, bytecodeHash: B.GroTokenBytecodeHash },
  FoodUSD: { abi: B.FoodUSDAbi as unknown as InterfaceAbi, bytecode: B.FoodUSDBytecode, bytecodeHash: B.FoodUSDBytecodeHash },
  GroVault: { abi: B.GroVaultAbi as unknown as InterfaceAbi, bytecode: B.GroVaultBytecode, bytecodeHash: B.GroVaultBytecodeHash },
  GroupPurchase: { abi: B.GroupPurchaseAbi as unknown as InterfaceAbi, bytecode: B.GroupPurchaseBytecode, bytecodeHash: B.GroupPurchaseBytecodeHash },
  CoopGovernor: { abi: B.CoopGovernorAbi as unknown as InterfaceAbi, bytecode: B.CoopGovernorBytecode, bytecodeHash: B.CoopGovernorBytecodeHash },
};

export function abiOf(name: Name): InterfaceAbi {
  return ARTIFACT[name].abi;
}

function gitCommit(repoRoot?: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Deploy the five contracts in the upstream order (FoodUSD, GroToken, GroVault, CoopGovernor, GroupPurchase). */
export async function deployContracts(opts: DeployOptions): Promise<DeploymentManifest> {
  const provider = new JsonRpcProvider(opts.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    const signer = await provider.getSigner(0);
    const treasury = getAddress(await signer.getAddress());
    const votingPeriod = opts.votingPeriod ?? 604800;
    const quorumVotes = opts.quorumVotes ?? 50n;
    const deployed: Partial<Record<Name, DeploymentManifest['contracts'][Name]>> = {};
    let lastBlock = 0;
    const deploy = async (name: Name, args: (string | number | bigint)[]) => {
      const f = new ContractFactory(ARTIFACT[name].abi, ARTIFACT[name].bytecode, signer);
      const c = await f.deploy(...args);
      const receipt = await c.deploymentTransaction()!.wait();
      if (!receipt || receipt.status !== 1) throw new Error(`deployment of ${name} failed`);
      lastBlock = Math.max(lastBlock, receipt.blockNumber);
      const address = getAddress(await c.getAddress());
      deployed[name] = {
        address,
        txHash: receipt.hash,
        blockNumber: receipt.blockNumber,
        constructorArgs: args.map((a) => (typeof a === 'bigint' ? a.toString() : a)),
        bytecodeHash: ARTIFACT[name].bytecodeHash,
        abi: ARTIFACT[name].abi as unknown as Record<string, unknown>[],
      };
      return address;
    };
    const fusd = await deploy('FoodUSD', [treasury]);
    const gro = await deploy('GroToken', [treasury]);
    const vault = await deploy('GroVault', [gro]);
    await deploy('CoopGovernor', [vault, treasury, votingPeriod, quorumVotes]);
    await deploy('GroupPurchase', [fusd]);
    const manifest = DeploymentManifestSchema.parse({
      schemaVersion: 1,
      network: opts.network ?? 'localhost',
      chainId,
      rpcUrl: opts.rpcUrl,
      deployedAt: new Date().toISOString(),
      deployer: treasury,
      block: lastBlock,
      gitCommit: gitCommit(opts.repoRoot),
      compiler: B.COMPILER,
      contracts: deployed,
      params: { votingPeriod, quorumVotes: quorumVotes.toString(), treasury, chair: treasury },
    });
    if (opts.outDir) writeManifest(opts.outDir, manifest);
    return manifest;
  } finally {
    provider.destroy();
  }
}

export function manifestPath(outDir: string, chainId: number): string {
  return join(outDir, `${chainId}.json`);
}

export function writeManifest(outDir: string, manifest: DeploymentManifest): string {
  makeDirs(outDir);
  const path = manifestPath(outDir, manifest.chainId);
  writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
  return path;
}

export function loadManifest(outDir: string, chainId: number): DeploymentManifest {
  const path = manifestPath(outDir, chainId);
  if (!existsSync(path)) throw new Error(`no deployment manifest at ${path}: run "workbench chain deploy" first`);
  return checkedManifest(JSON.parse(readFileSync(path, 'utf8')), chainId);
}

/**
 * parseManifest plus the EIP-55 checksum of every mixed-case address (src-shared has no keccak):
 * a hand-edited manifest with one mistyped character must not send funds or votes elsewhere.
 * All-lower- or all-upper-case addresses carry no checksum and pass, as in ethers.
 */
export function checkedManifest(raw: unknown, chainId?: number): DeploymentManifest {
  const m = parseManifest(raw, chainId);
  const fields: [string, string][] = [
    ['deployer', m.deployer],
    ...Object.entries(m.contracts).map(([id, c]) => [`contracts.${id}.address`, c.address] as [string, string]),
    ['params.treasury', m.params.treasury],
    ['params.chair', m.params.chair],
  ];
  for (const [field, value] of fields) {
    try {
      getAddress(value);
    } catch {
      throw new Error(`invalid deployment manifest: ${field}: "${value}" fails its EIP-55 checksum (a mistyped character?); use the address exactly as deployed`);
    }
  }
  return m;
}
