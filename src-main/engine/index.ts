export { EnginePool, runBatch, configureEngineWorker, getEngineWorkerConfig, defaultWorkerCount, DEFAULT_RESOURCE_LIMITS, CancelledError } from './pool';
export type { PoolOptions, BatchOptions, BatchResult, BatchProgress, EngineWorkerConfig } from './pool';
export { runMonteCarlo, runFinals, MAX_RUNS } from './montecarlo';
export type { MonteCarloOptions, MonteCarloResult } from './montecarlo';
export type { EngineTask, RunOutput, RunDetail } from './protocol';
export { runEngineBench } from './bench';
export type { BenchCase, BenchReport } from './bench';
