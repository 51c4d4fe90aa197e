// Which runs are mirroring their weeks into a data folder's Hardhat node right now, so the Chain
// view can warn before Stop node fails them. In-process only: a run in another process (the CLI)
// is not seen here; stopping the node then fails that run with its own clear message.

/** Runs mirroring into the node of each data folder: run id, or null for an unsaved run. */
const users = new Map<string, Map<symbol, number | null>>();

/** Marks a run as using the node until the returned release() is called. */
export function holdChainNode(dataDir: string, runId: number | null): () => void {
  const key = Symbol('chain-user');
  let m = users.get(dataDir);
  if (!m) users.set(dataDir, (m = new Map()));
  m.set(key, runId);
  return () => {
    m.delete(key);
    if (m.size === 0 && users.get(dataDir) === m) users.delete(dataDir);
  };
}

/** The runs using the node now, in the order they started. */
export function chainNodeUsers(dataDir: string): (number | null)[] {
  return [...(users.get(dataDir)?.values() ?? [])];
}
