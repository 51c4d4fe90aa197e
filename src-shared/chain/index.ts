export * from './types';
export * from './math';
export * from './rng';
export * from './model';
export * from './generator';
export * from './metrics';
export * from './manifest';
export * from './bindings/index';
