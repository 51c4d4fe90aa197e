/**
 * What a contract-in-the-loop run can mirror (the main process refuses more, src-main/sim/chainRun.ts),
 * and the editor's words for a run past those limits, so Simulate says it before the run is sent.
 */
export const CHAIN_MAX_MEMBERS = 1000;
export const CHAIN_MAX_MEMBER_WEEKS: Record<'model' | 'hardhat', number> = { model: 500_000, hardhat: 20_000 };

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Why Simulate cannot run with Contracts = `chain` (null when it can, or when `members`/`weeks`
 * are not valid numbers yet: the parameter fields say that themselves).
 */
export function chainLimitError(chain: 'off' | 'model' | 'hardhat', runs: number, members: number | null, weeks: number | null): string | null {
  if (chain === 'off') return null;
  if (runs !== 1) return 'The contract adapter mirrors a single run: set Runs to 1';
  if (members === null || weeks === null) return null;
  if (members > CHAIN_MAX_MEMBERS) {
    return `Contracts (${chain}) mirrors at most ${n(CHAIN_MAX_MEMBERS)} members; Number of members is ${n(members)}: lower it, or set Contracts to off`;
  }
  const max = CHAIN_MAX_MEMBER_WEEKS[chain];
  if (members * weeks > max) {
    return `Contracts (${chain}) mirrors at most ${n(max)} member-weeks (members × weeks); this run has ${n(members)} × ${n(weeks)} = ${n(members * weeks)}: lower Number of members or Simulation duration${chain === 'hardhat' ? ', use Contracts = model (up to ' + n(CHAIN_MAX_MEMBER_WEEKS.model) + ')' : ''}, or set Contracts to off`;
  }
  return null;
}

/**
 * Why a Contracts = hardhat run could not start (no healthy node): the main process throws it, and it
 * is stored as a failed run's reason or inside a fallback's warning. Worded for the command line, as
 * the CLI prints it; the app rewords it where it shows a stored reason (chainReasonInAppWords in
 * src-renderer/api/messages.ts), so the two stay in step through this one text.
 */
export const NO_CHAIN_NODE = '--chain hardhat needs a running chain node: start one with "workbench chain up" (or Start in the Chain view)';
