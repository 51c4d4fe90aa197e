import { useSyncExternalStore } from 'react';
import { DEFAULT_PARAMS, PARAM_NAMES, type ParamName } from '../../src-shared/engine';

/**
 * The parameter values being edited (strings, as typed), shared by Simulate, Monte Carlo and the
 * Dashboard, with an undo/redo history. Kept in sessionStorage so a reload keeps the edits.
 */
export type Values = Record<ParamName, string>;
export interface EditorState {
  values: Values;
  model: 'reference' | 'nextjs';
  preset: string | null;
  past: Values[];
  future: Values[];
}

/**
 * A parameter as the editor shows it: the shortest text that reads back as exactly the same number
 * (String(x) round-trips). Rounding here would change what an untouched field sends: the default
 * INITIAL_WEALTH_MEAN_LOG is ln 1000 = 6.907755278982137, and "6.907755" is another run.
 */
export const valueText = (x: number): string => String(x);
export const defaultValues = (): Values => toValues(DEFAULT_PARAMS);
export const toValues = (p: Record<string, number>): Values => Object.fromEntries(PARAM_NAMES.map((k) => [k, valueText(p[k] ?? DEFAULT_PARAMS[k])])) as Values;

const KEY = 'pmoves.editor.v1';
function load(): EditorState {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (s && s.values) return { values: { ...defaultValues(), ...s.values }, model: s.model === 'nextjs' ? 'nextjs' : 'reference', preset: s.preset ?? null, past: [], future: [] };
  } catch {
    /* ignore */
  }
  return { values: defaultValues(), model: 'reference', preset: null, past: [], future: [] };
}

let state: EditorState = load();
/** Nothing stored and no edit yet this session: the model may still follow Settings → Default model. */
let fresh = (() => {
  try {
    return sessionStorage.getItem(KEY) === null;
  } catch {
    return true;
  }
})();
const subs = new Set<() => void>();
let lastEdit: { field: string; at: number } | null = null;

function set(next: EditorState) {
  state = next;
  fresh = false;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ values: state.values, model: state.model, preset: state.preset }));
  } catch {
    /* ignore */
  }
  subs.forEach((f) => f());
}

export const editor = {
  get: () => state,
  subscribe(f: () => void) {
    subs.add(f);
    return () => subs.delete(f);
  },
  /** Edit one field; consecutive keystrokes in the same field within 1 s are one undo step. */
  edit(field: ParamName, value: string) {
    const now = Date.now();
    const coalesce = lastEdit && lastEdit.field === field && now - lastEdit.at < 1000 && state.past.length > 0;
    lastEdit = { field, at: now };
    set({ ...state, values: { ...state.values, [field]: value }, past: coalesce ? state.past : [...state.past.slice(-99), state.values], future: [] });
  },
  replace(values: Values, preset: string | null = null) {
    lastEdit = null;
    set({ ...state, values, preset, past: [...state.past.slice(-99), state.values], future: [] });
  },
  setModel(model: EditorState['model']) {
    set({ ...state, model });
  },
  /** Settings → Default model, applied once to an editor nobody has touched yet this session. */
  applyDefaultModel(model: EditorState['model']) {
    if (!fresh || model === state.model) return;
    state = { ...state, model };
    subs.forEach((f) => f());
  },
  undo() {
    if (!state.past.length) return;
    lastEdit = null;
    set({ ...state, values: state.past[state.past.length - 1], past: state.past.slice(0, -1), future: [state.values, ...state.future] });
  },
  redo() {
    if (!state.future.length) return;
    lastEdit = null;
    set({ ...state, values: state.future[0], past: [...state.past, state.values], future: state.future.slice(1) });
  },
};

export function useEditor(): EditorState {
  return useSyncExternalStore(editor.subscribe, editor.get);
}

/** Parsed parameter object for the API (strings → numbers; blanks stay as strings so the validator names them). */
export function paramsOf(values: Values): Record<string, number | string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v]));
}
