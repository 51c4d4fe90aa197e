import { execFileSync } from 'node:child_process';

/** Path of a required system tool; fails loudly (CI installs pandoc, poppler-utils and chromium). */
export function requireTool(name: string): string {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is required for this test but is not installed (apt-get install ${name === 'pdftotext' || name === 'pdfinfo' || name === 'pdfimages' || name === 'pdftoppm' ? 'poppler-utils' : name})`);
  }
}

export const CHROMIUM = process.env.PMOVES_CHROMIUM ?? '/usr/bin/chromium';
