import { playwrightPrinter, type PdfPrinter } from './pdf';

/** A printer for one export (PDF, chart images), disposed after use. */
export type PrinterLease = PdfPrinter & { dispose(): Promise<void> };

/**
 * Which browser prints reports: headless Chromium through playwright-core in serve/CLI mode (the
 * default); the Electron app installs a factory backed by webContents.printToPDF at start-up.
 */
let factory: () => PrinterLease = () => playwrightPrinter();

export function setPrinterFactory(f: () => PrinterLease): void {
  factory = f;
}

export function leasePrinter(): PrinterLease {
  return factory();
}
