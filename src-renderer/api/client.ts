import type { OpInput, OpName, OpOutput, ProgressEnvelope } from '../../src-shared/api';

/** Structured error from either transport. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'CallError';
  }
}

export interface CallOptions {
  onProgress?: (event: any) => void;
  signal?: AbortSignal;
}

export interface Transport {
  kind: 'ipc' | 'http';
  call(op: string, input: unknown, jobId?: string): Promise<{ ok: boolean; output?: unknown; error?: { code: string; message: string; issues?: { path: string; message: string }[] } }>;
  cancel(jobId: string): Promise<unknown>;
  onProgress(fn: (m: ProgressEnvelope) => void): () => void;
}

interface PreloadSurface {
  call(op: string, input: unknown, jobId?: string): Promise<any>;
  cancel(jobId: string): Promise<boolean>;
  onProgress(fn: (m: ProgressEnvelope) => void): () => void;
  reveal?(id: string): Promise<boolean>;
}

/** Desktop app: show an export in the file manager by the id the main process issued; false elsewhere. */
export function revealExport(id: string): Promise<boolean> {
  const w = (globalThis as unknown as { workbench?: PreloadSurface }).workbench;
  return w?.reveal ? w.reveal(id) : Promise.resolve(false);
}

function ipcTransport(w: PreloadSurface): Transport {
  return { kind: 'ipc', call: (op, input, jobId) => w.call(op, input, jobId), cancel: (id) => w.cancel(id), onProgress: (fn) => w.onProgress(fn) };
}

/** serve mode: POST /api/op/<name>, progress over one shared EventSource; the token is an HttpOnly cookie. */
function httpTransport(): Transport {
  const listeners = new Set<(m: ProgressEnvelope) => void>();
  let es: EventSource | null = null;
  const ensureStream = () => {
    if (es) return;
    es = new EventSource('/api/events');
    es.addEventListener('progress', (e) => {
      const msg = JSON.parse((e as MessageEvent).data) as ProgressEnvelope;
      for (const l of listeners) l(msg);
    });
  };
  return {
    kind: 'http',
    async call(op, input, jobId) {
      let res: Response;
      try {
        res = await fetch(`/api/op/${op}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input, jobId }),
        });
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'Cannot reach the workbench server. Is "workbench serve" still running? Start it again and open the URL it prints.' } };
      }
      const text = await res.text();
      let body: { ok: boolean; error?: { code: string; message: string } };
      try {
        body = JSON.parse(text);
      } catch {
        return { ok: false, error: { code: 'internal', message: `HTTP ${res.status}` } };
      }
      // The per-launch token changed (serve was restarted): say what to do, not just "invalid token".
      if (res.status === 401 && body.error?.message === 'missing or invalid token') {
        return { ok: false, error: { code: 'unauthorized', message: 'This session has ended (the server was restarted). Open the new URL printed by "workbench serve".' } };
      }
      return body;
    },
    async cancel(jobId) {
      await fetch('/api/cancel', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jobId }) });
    },
    onProgress(fn) {
      ensureStream();
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

let transport: Transport | null = null;
export function getTransport(): Transport {
  if (!transport) {
    const w = (globalThis as unknown as { workbench?: PreloadSurface }).workbench;
    transport = w ? ipcTransport(w) : httpTransport();
  }
  return transport;
}

let seq = 0;
const newJobId = () => `j${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Typed call of one operation. Long operations report progress and honour `signal` (cancel). */
export async function call<K extends OpName>(op: K, input: OpInput<K>, opts: CallOptions = {}): Promise<OpOutput<K>> {
  const t = getTransport();
  const jobId = opts.onProgress || opts.signal ? newJobId() : undefined;
  let off: (() => void) | undefined;
  if (jobId && opts.onProgress) {
    const fn = opts.onProgress;
    off = t.onProgress((m) => {
      if (m.jobId === jobId) fn(m.event);
    });
  }
  const onAbort = () => jobId && void t.cancel(jobId);
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const res = await t.call(op, input, jobId);
    if (!res.ok) throw new CallError(res.error?.code ?? 'internal', res.error?.message ?? 'unknown error', res.error?.issues);
    return res.output as OpOutput<K>;
  } finally {
    off?.();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
