/**
 * The validation suite's result model (pure data, JSON-safe). A suite result holds components
 * (model checks, statistical checks, empirical comparisons); each component holds checks with the
 * measured value, what was expected and the tolerance used, plus a confidence level derived by the
 * written-down rules in ./confidence.ts. Results keep their inputs (params, seeds, snapshot id, app
 * version) so any of them can be reproduced.
 */

export const VALIDATION_SCHEMA_VERSION = 1 as const;

export type CheckStatus = 'pass' | 'fail' | 'skipped';
export type ComponentKind = 'model' | 'statistical' | 'empirical' | 'assumption';
export type ConfidenceLevel = 'HIGH' | 'MEDIUM' | 'LOW';

export interface ValidationCheck {
  /** Stable id (used to match checks across reports for deltas). */
  id: string;
  name: string;
  /** What was expected, in words (e.g. "0.2667 ± 0.01", "in (0.55, 0.75)"). */
  expected: string;
  /** The reference number when there is one (for deltas and tables). */
  expectedValue: number | null;
  measured: number | null;
  /** Absolute tolerance used (null for exact/boolean checks). */
  tolerance: number | null;
  /** |measured − expected| / tolerance: 0 dead on, 1 at the edge, > 1 failed; null when not numeric. */
  usage: number | null;
  status: CheckStatus;
  /** Where the expectation comes from and how the tolerance was derived. */
  basis: string;
}

export interface ComponentConfidence {
  level: ConfidenceLevel | null;
  /** 0–100, for deltas finer than a level. Null when skipped. */
  score: number | null;
  /** Which rule decided the level, in words. */
  reason: string;
}

export interface ValidationComponent {
  id: string;
  name: string;
  kind: ComponentKind;
  /** §6.1 category (model checks) or a short description. */
  description: string;
  status: CheckStatus;
  confidence: ComponentConfidence;
  /** Confidence the upstream report claimed for this component, when it named one. */
  publishedConfidence?: ConfidenceLevel;
  checks: ValidationCheck[];
  /** Extra facts (runs used, weeks of data, MAE/RMSE/R², …). */
  metrics: Record<string, number | string | null>;
  /** Optional table (empirical category comparison). */
  table?: { columns: { key: string; label: string; type: 'string' | 'number' | 'currency' | 'percent' | 'integer'; currency?: string; decimals?: number; unit?: string }[]; rows: Record<string, string | number | null>[] };
  /** Why the component was skipped. */
  skippedReason?: string;
}

export interface ValidationInputs {
  params: Record<string, number>;
  model: 'reference';
  seed: number;
  runs: number;
  /** Statistical gate: |deviation| ≤ z · SE. */
  z: number;
  snapshotId: number | null;
  appVersion: string;
  timeZone: string;
}

export interface ValidationSummary {
  status: 'pass' | 'fail';
  checks: number;
  passed: number;
  failed: number;
  skipped: number;
  components: Record<string, { name: string; status: CheckStatus; level: ConfidenceLevel | null; score: number | null }>;
  elapsedMs: number;
}

export interface ValidationResult {
  schemaVersion: typeof VALIDATION_SCHEMA_VERSION;
  createdAt: string;
  inputs: ValidationInputs;
  components: ValidationComponent[];
  summary: ValidationSummary;
}

export interface ComponentDelta {
  id: string;
  name: string;
  /** As people read it (componentOutcome): a group without checks is "not checked", never "pass". */
  statusFrom: CheckStatus | 'not checked' | null;
  statusTo: CheckStatus | 'not checked' | null;
  levelFrom: ConfidenceLevel | null;
  levelTo: ConfidenceLevel | null;
  /** Levels moved: +1 MEDIUM→HIGH, −2 HIGH→LOW; null when either side has no level. */
  levelMoved: number | null;
  scoreFrom: number | null;
  scoreTo: number | null;
  scoreMoved: number | null;
}

export interface CheckDelta {
  componentId: string;
  checkId: string;
  name: string;
  statusFrom: CheckStatus | null;
  statusTo: CheckStatus | null;
  measuredFrom: number | null;
  measuredTo: number | null;
  change: number | null;
}

export interface ValidationDeltas {
  previousId: number;
  previousCreatedAt: string;
  passedFrom: number;
  passedTo: number;
  failedFrom: number;
  failedTo: number;
  components: ComponentDelta[];
  /** Only checks whose status or measured value changed. */
  checks: CheckDelta[];
  /** Inputs that differ (params, seed, runs, snapshot, app version). */
  inputChanges: { name: string; from: string; to: string }[];
  /** Plain-words lines: what changed. */
  notes: string[];
}
