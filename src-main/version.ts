// Injected at build time by electron-vite `define`; falls back to the package version in tests.
declare const __APP_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : (process.env.npm_package_version ?? '0.1.0');
export const APP_NAME = 'PMOVES Workbench';
