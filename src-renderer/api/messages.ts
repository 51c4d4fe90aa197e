import { NO_CHAIN_NODE } from '../../src-shared/sim/chainLimits';

/**
 * An API error in a page's words. The API names the op and the field as the CLI does ("invalid input
 * for settings.set: reportsDir: …"); a page shows the field under its label ("Reports folder: …").
 */
export function inPageWords(message: string, op: string, labels: Record<string, string>): string {
  const prefix = `invalid input for ${op}: `;
  const m = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  for (const [field, label] of Object.entries(labels)) if (m.startsWith(`${field}: `)) return `${label}: ${m.slice(field.length + 2)}`;
  return m;
}

/**
 * A stored run reason or contract-mirror warning in the app's words. The main process words them for
 * the command line ("--chain hardhat needs a running chain node: start one with "workbench chain up"
 * …") and stores them so; the app names its own controls instead: Simulate's Contracts option, the
 * Chain view's Start and the "use the model if no node runs" box. Runs stored before this read the
 * same way. Other text is returned as it is.
 */
export function chainReasonInAppWords(text: string): string {
  return text
    .replace(NO_CHAIN_NODE, 'Contracts was set to hardhat, and no local Hardhat node was running: start one in the Chain view')
    .replace('(chain fallback: model)', '(“use the model if no node runs” was ticked)')
    .replace(/--chain (off|model|hardhat)\b/g, 'Contracts = $1');
}
