import { useEffect, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { fileSize } from '../../src-shared/report/format';
import { revealExport, type CallError } from '../api/client';

type Written = OpOutput<'reports.generate'>;

/**
 * What a report export did, under its buttons: the error (or "cancelled"), or the file written with
 * Download (serve mode) and Open folder. Reports and the Projections view share it. `testId` names
 * the result line (`${testId}-result`) and its path (`${testId}-path`).
 */
export function ExportOutcome({ error, last, running, testId }: { error: CallError | null; last: Written | null; running: boolean; testId: string }) {
  const [showFolder, setShowFolder] = useState(false);
  useEffect(() => setShowFolder(false), [last]);
  if (error) {
    return (
      <p className="callout error" role="alert">
        {error.code === 'cancelled' ? 'Export cancelled.' : error.message}
      </p>
    );
  }
  if (!last || running) return null;
  return (
    <div className="callout ok" role="status" data-testid={`${testId}-result`}>
      Wrote {last.format.toUpperCase()} ({fileSize(last.bytes)} in {(last.ms / 1000).toFixed(1)} s): <code data-testid={`${testId}-path`}>{last.path}</code>{' '}
      {last.download ? (
        // serve mode: the browser cannot open the server's folder, so the file comes back as a download.
        <a className="button" href={last.download} download={last.path.split(/[\\/]/).pop()}>
          Download
        </a>
      ) : null}{' '}
      <button
        type="button"
        onClick={() => {
          // The desktop app opens the file manager at the export; a browser can only be told where it is.
          const tell = () => {
            setShowFolder(true);
            void navigator.clipboard?.writeText(last.folder).catch(() => {});
          };
          if (last.reveal) void revealExport(last.reveal).then((ok) => (ok ? setShowFolder(false) : tell()));
          else tell();
        }}
      >
        Open folder
      </button>
      {showFolder ? (
        <p className="small">
          Folder: <code>{last.folder}</code> (copied to the clipboard; opening folders is not available from the browser).
        </p>
      ) : null}
    </div>
  );
}
