export * from './schema';
export * from './data';
export * from './simulate';
export * from './validate';
export * from './monteCarlo';
export * from './exports';
export * from './fixNotes';
export * as calibration from './calibration';
