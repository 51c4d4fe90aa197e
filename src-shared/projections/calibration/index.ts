export * from './categories';
export * from './weekly';
export * from './engineParams';
export * from './calibrate';
