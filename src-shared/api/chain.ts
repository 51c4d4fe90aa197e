import { z } from 'zod';
import { op, Progress, NoInput } from './define';
import { RunId } from './core';
import { ChainRunDocSchema } from '../chain/mirror';

const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

export const ChainNodeStatus = z.object({
  running: z.boolean(),
  healthy: z.boolean(),
  pid: z.number().int().optional(),
  port: z.number().int().optional(),
  rpcUrl: z.string().optional(),
  chainId: z.number().int().optional(),
  blockNumber: z.number().int().optional(),
  startedAt: z.string().optional(),
  restarts: z.number().int(),
  lastError: z.string().optional(),
  persistent: z.boolean().optional(),
  ownedByThisProcess: z.boolean(),
  logFile: z.string(),
  /** Runs of this app mirroring their weeks into the node now (run id; null: an unsaved run). */
  inUseBy: z.array(z.number().int().positive().nullable()),
});

export const ChainDeployment = z.object({
  chainId: z.number().int(),
  deployedAt: z.string(),
  block: z.number().int(),
  deployer: Address,
  addresses: z.object({ GroToken: Address, FoodUSD: Address, GroVault: Address, CoopGovernor: Address, GroupPurchase: Address }),
  manifestPath: z.string(),
  repoManifestPath: z.string().nullable(),
});

export const ChainStatus = z.object({
  node: ChainNodeStatus,
  deployment: ChainDeployment.nullable(),
  accounts: z.array(z.object({ address: Address, balanceEth: z.string() })),
});

export const chainOps = {
  'chain.status': op({
    summary: 'Local Hardhat node state, chain id, block, accounts and the deployed contract addresses',
    input: NoInput,
    output: ChainStatus,
  }),
  'chain.up': op({
    summary: 'Start (or reuse) a local Hardhat node on 127.0.0.1 and a free port; waits for eth_chainId',
    input: z
      .object({
        /** true: the node outlives this process (CLI `chain up`); false: stopped when the app exits. */
        persistent: z.boolean().default(false),
      })
      .strict()
      .default({ persistent: false }),
    output: z.object({ rpcUrl: z.string(), chainId: z.number().int(), pid: z.number().int(), port: z.number().int(), reused: z.boolean(), persistent: z.boolean() }),
    progress: Progress,
  }),
  'chain.deploy': op({
    summary: 'Deploy the five contracts to the running node and write the deployment manifest',
    input: NoInput,
    output: ChainDeployment,
    progress: Progress,
  }),
  'chain.down': op({
    summary: 'Stop the local node (SIGTERM to its process group, SIGKILL after a grace period)',
    input: NoInput,
    output: z.object({ stopped: z.boolean(), pid: z.number().int().optional() }),
  }),
  'chain.logs': op({
    summary: 'The most recent lines of the node log',
    input: z.object({ lines: z.number().int().min(1).max(2000).default(200) }).strict().default({ lines: 200 }),
    output: z.object({ lines: z.array(z.string()) }),
  }),
  'chain.events': op({
    summary: 'Recent decoded events of the current deployment (from the node’s logs)',
    input: z
      .object({ limit: z.number().int().min(1).max(2000).default(100), blocks: z.number().int().min(1).max(100_000).default(5000) })
      .strict()
      .default({ limit: 100, blocks: 5000 }),
    output: z.object({
      fromBlock: z.number().int(),
      toBlock: z.number().int(),
      events: z.array(z.object({ block: z.number().int(), txHash: z.string(), logIndex: z.number().int(), contract: z.string(), name: z.string(), args: z.record(z.string(), z.string()) })),
    }),
  }),
  'chain.runs': op({
    summary: 'Stored runs that carry on-chain metrics (simulate --chain model|hardhat), newest first',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict().default({ limit: 50 }),
    output: z.array(z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), mode: z.enum(['model', 'hardhat']), members: z.number().int(), weeks: z.number().int() })),
  }),
  'chain.runMetrics': op({
    summary: 'The on-chain metrics of a stored run (without its raw event log); replayed reports whether the log reproduces them',
    input: z.object({ id: RunId }).strict(),
    output: z.object({ runId: z.number().int(), name: z.string(), chain: ChainRunDocSchema.omit({ events: true }), replayed: z.enum(['match', 'mismatch', 'not-stored']) }),
  }),
  'chain.test': op({
    summary: 'Run the contract test suite (`hardhat test` in contracts/) and report the counts',
    input: NoInput,
    output: z.object({ ok: z.boolean(), exitCode: z.number().int(), passing: z.number().int(), failing: z.number().int(), pending: z.number().int(), ms: z.number(), tail: z.array(z.string()) }),
    progress: Progress,
  }),
};
