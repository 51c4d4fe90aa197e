// Deployment manifest (contracts/deployments/<chainId>.json): schema and loader checks shared by main and renderer.
import { z } from 'zod';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address');
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);

export const DeployedContractSchema = z.object({
  address,
  txHash: hash,
  blockNumber: z.number().int().min(0),
  constructorArgs: z.array(z.union([z.string(), z.number()])),
  bytecodeHash: z.string(),
  abi: z.array(z.record(z.string(), z.unknown())).min(1),
});

export const DeploymentManifestSchema = z.object({
  schemaVersion: z.literal(1),
  network: z.string().min(1),
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url().optional(),
  deployedAt: z.string().datetime(),
  deployer: address,
  block: z.number().int().min(0),
  gitCommit: z.string().nullable(),
  compiler: z.object({
    version: z.string(),
    optimizer: z.object({ enabled: z.boolean(), runs: z.number().int().positive() }),
  }),
  contracts: z.object({
    GroToken: DeployedContractSchema,
    FoodUSD: DeployedContractSchema,
    GroVault: DeployedContractSchema,
    CoopGovernor: DeployedContractSchema,
    GroupPurchase: DeployedContractSchema,
  }),
  params: z.object({
    votingPeriod: z.number().int().positive(),
    quorumVotes: z.string(),
    treasury: address,
    chair: address,
  }),
});
export type DeploymentManifest = z.infer<typeof DeploymentManifestSchema>;

/** Parse a manifest and check it belongs to `expectedChainId`; errors name the field. */
export function parseManifest(raw: unknown, expectedChainId?: number): DeploymentManifest {
  const r = DeploymentManifestSchema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`invalid deployment manifest: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  if (expectedChainId !== undefined && r.data.chainId !== expectedChainId) {
    throw new Error(`deployment manifest is for chainId ${r.data.chainId}, but the node reports chainId ${expectedChainId}`);
  }
  return r.data;
}

export function manifestAddresses(m: DeploymentManifest): Record<keyof DeploymentManifest['contracts'], string> {
  return {
    GroToken: m.contracts.GroToken.address,
    FoodUSD: m.contracts.FoodUSD.address,
    GroVault: m.contracts.GroVault.address,
    CoopGovernor: m.contracts.CoopGovernor.address,
    GroupPurchase: m.contracts.GroupPurchase.address,
  };
}
