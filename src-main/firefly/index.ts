/** Firefly III bridge: public surface for the API ops, CLI and UI. */
export * from './errors';
export * from './client';
export * from './credentials';
export * from './sync';
export { normalizeGroups, signedAmount, flowSign, type NormalizedRow, type NormalizeResult, type SplitExtras } from './normalize';
export { toLocalDate, resolveRange, systemTimeZone, type DateInput } from './dates';
export { parseDecimal, formatDecimal, sumDecimals, canonicalAmount, toMinorUnits } from './money';
export * from './rules';
export * from './report';
export {
  secretStoreFor,
  setSecretStoreFactory,
  fireflyStatus,
  fireflyTest,
  fireflyConnect,
  fireflyDisconnect,
  runFireflySync,
  fireflyCalibrate,
  fireflyOverview,
  loadFireflyCalibrationTransactions,
  readSyncState,
  syncPeriod,
  redactToken,
  type FireflyCalibrationTransactions,
  type SyncState,
} from './service';
export { startFireflyScheduler, syncDue, SCHEDULE_INTERVAL_MS } from './scheduler';
