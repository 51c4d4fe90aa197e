/**
 * The whole preload surface: four functions, frozen. No Node, no ipcRenderer leak.
 * The main process validates sender and input on every call.
 */
import { contextBridge, ipcRenderer } from 'electron';

type Listener = (msg: { jobId: string; op: string; event: unknown }) => void;
const listeners = new Set<Listener>();
ipcRenderer.on('wb:progress', (_e, msg) => {
  for (const l of listeners) l(msg);
});

const surface = Object.freeze({
  call: (op: string, input: unknown, jobId?: string): Promise<unknown> => ipcRenderer.invoke('wb:call', { op, input, jobId }),
  cancel: (jobId: string): Promise<boolean> => ipcRenderer.invoke('wb:cancel', jobId),
  /** Show an export in the file manager, by the id the main process issued for it (never by a path). */
  reveal: (id: string): Promise<boolean> => ipcRenderer.invoke('wb:reveal', id),
  onProgress: (fn: Listener): (() => void) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
});

contextBridge.exposeInMainWorld('workbench', surface);
