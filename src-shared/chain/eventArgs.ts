// How a decoded contract event's arguments read in the Chain view: token amounts in tokens (the contracts
// move 18-decimal ERC-20s: GRO, or FUSD for group purchases), governor vote costs in voting power and the
// quorum in votes (neither is a token amount), addresses shortened, the rest as decoded. The raw value
// stays available (title) for anyone who needs the wei.
import { formatTokens } from './math';

/** Arguments that carry an 18-decimal token amount, per contract, with the token's symbol. */
const AMOUNTS: Record<string, { token: string; args: readonly string[] }> = {
  GroToken: { token: 'GRO', args: ['value'] },
  FoodUSD: { token: 'FUSD', args: ['value'] },
  GroVault: { token: 'GRO', args: ['amount', 'additionalAmount', 'newAmount'] },
  GroupPurchase: { token: 'FUSD', args: ['targetAmount', 'amount', 'newTotal', 'totalSent'] },
};

/**
 * Governor numbers that are counts, not token amounts: a vote's cost is GroVault voting power (sqrt-wei units,
 * 1 GRO locked for a year = 1e9), and the quorum (`proposalThreshold` in the event) is a number of for-votes.
 */
const COUNTS: Record<string, Record<string, string>> = {
  CoopGovernor: { cost: 'power', proposalThreshold: 'votes' },
};

export interface ShownArg {
  key: string;
  text: string;
  /** The value as decoded (wei, full address), when `text` shortens it. */
  raw?: string;
}

/** At most `digits` decimals, trailing zeros trimmed, with thousands separators on the whole part. */
function tokenText(wei: bigint, digits = 4): string {
  const [whole, frac] = formatTokens(wei).split('.');
  const f = frac.slice(0, digits).replace(/0+$/, '');
  const w = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // A dust amount must not read as nothing.
  if (!f && /^-?0$/.test(whole) && wei !== 0n) return `${wei < 0n ? '> −' : '< '}0.${'0'.repeat(digits - 1)}1`;
  return f ? `${w}.${f}` : w;
}

export function shownEventArgs(contract: string, args: Record<string, string>): ShownArg[] {
  const amounts = AMOUNTS[contract];
  return Object.entries(args).map(([key, v]) => {
    if (amounts?.args.includes(key) && /^-?\d+$/.test(v)) return { key, text: `${tokenText(BigInt(v))} ${amounts.token}`, raw: v };
    const unit = COUNTS[contract]?.[key];
    if (unit && /^\d+$/.test(v)) return { key, text: `${v.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${unit}` };
    if (/^0x[0-9a-fA-F]{40}$/.test(v)) return { key, text: `${v.slice(0, 6)}…${v.slice(-4)}`, raw: v };
    if (v.length > 24) return { key, text: `${v.slice(0, 12)}…${v.slice(-6)}`, raw: v };
    return { key, text: v };
  });
}
