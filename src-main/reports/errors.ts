/** Typed errors of the report writers; `code` is stable for the UI/CLI to branch on. */
export type ReportErrorCode =
  | 'INVALID_REPORT'
  | 'PANDOC_MISSING'
  | 'PANDOC_FAILED'
  | 'BROWSER_MISSING'
  | 'PRINT_FAILED'
  | 'CANCELLED'
  | 'TARGET_EXISTS';

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReportError';
  }
}

export class PandocMissingError extends ReportError {
  constructor(tried: string, cause?: unknown) {
    super(
      'PANDOC_MISSING',
      `pandoc is not installed (tried "${tried}"): apt-get install pandoc (Debian/Ubuntu), brew install pandoc (macOS), ` +
        'winget install JohnMacFarlane.Pandoc (Windows) or see https://pandoc.org/installing.html. ' +
        'HTML, Markdown, PDF and CSV/JSON exports work without it.',
      { cause },
    );
    this.name = 'PandocMissingError';
  }
}

export function cancelledError(): ReportError {
  return new ReportError('CANCELLED', 'report export cancelled');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
