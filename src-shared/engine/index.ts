// Public surface of the simulation engine (pure TS: runs in main, workers and the renderer).
export * from './params';
export * from './metrics';
export * from './simulate';
export * from './narrative';
export * from './presets';
export * from './scenarios';
export * from './mathtests';
export * from './sensitivity';
export * from './aggregate';
export { Rng, MAX_SEED } from './rng';
export type { SortStrategy } from './sort';
export { meanCI, tCritical, type MeanCI } from './stats';
export { stressOf, scaleFactors } from './nextjs';
export * from './labels';
