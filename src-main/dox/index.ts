export * from './client';
export * from './clock';
export * from './errors';
export * from './bundle';
export * from './push';
export * from './migration';
