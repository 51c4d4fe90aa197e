import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyPreset, DEFAULT_PARAMS, PARAM_NAMES, PRESETS, validateParams } from '../../../src-shared/engine';
import { defaultValues, editor, paramsOf, toValues } from '../../../src-renderer/analytics/paramStore';

// The editor's history logic is plain TS; sessionStorage is absent in node and is ignored by design.
describe('parameter editor store (undo/redo)', () => {
  beforeEach(() => {
    editor.replace(defaultValues());
    while (editor.get().past.length) editor.undo();
    editor.replace(defaultValues());
  });

  it('undoes and redoes edits in order, and a new edit clears the redo stack', () => {
    vi.useFakeTimers();
    editor.edit('NUM_MEMBERS', '80');
    vi.advanceTimersByTime(1500);
    editor.edit('WEEKLY_INCOME_AVG', '200');
    expect(editor.get().values.NUM_MEMBERS).toBe('80');
    editor.undo();
    expect(editor.get().values.WEEKLY_INCOME_AVG).toBe('150');
    expect(editor.get().values.NUM_MEMBERS).toBe('80');
    editor.undo();
    expect(editor.get().values.NUM_MEMBERS).toBe('50');
    editor.redo();
    expect(editor.get().values.NUM_MEMBERS).toBe('80');
    editor.edit('SIMULATION_WEEKS', '52');
    expect(editor.get().future).toEqual([]);
    vi.useRealTimers();
  });

  it('coalesces keystrokes in one field within a second into one undo step', () => {
    vi.useFakeTimers();
    const before = editor.get().past.length;
    editor.edit('NUM_MEMBERS', '1');
    vi.advanceTimersByTime(200);
    editor.edit('NUM_MEMBERS', '12');
    vi.advanceTimersByTime(200);
    editor.edit('NUM_MEMBERS', '120');
    expect(editor.get().past.length).toBe(before + 1);
    editor.undo();
    expect(editor.get().values.NUM_MEMBERS).toBe('50');
    vi.useRealTimers();
  });

  it('replace (preset, paramset, reopened run) is one undoable step', () => {
    editor.replace(toValues({ NUM_MEMBERS: 20, PERCENT_SPEND_INTERNAL_AVG: 0.5 }), 'tiny-community');
    expect(editor.get().values.NUM_MEMBERS).toBe('20');
    expect(editor.get().preset).toBe('tiny-community');
    editor.undo();
    expect(editor.get().values.NUM_MEMBERS).toBe('50');
  });

  it('paramsOf keeps blanks and junk as strings so the validator names the field', () => {
    const v = { ...defaultValues(), NUM_MEMBERS: '', WEEKLY_INCOME_AVG: 'abc', SIMULATION_WEEKS: '104' };
    const p = paramsOf(v);
    expect(p.SIMULATION_WEEKS).toBe(104);
    const r = validateParams(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(['NUM_MEMBERS', 'WEEKLY_INCOME_AVG']);
  });

  // An untouched field must send the parameter's exact value: the default INITIAL_WEALTH_MEAN_LOG is
  // ln 1000 = 6.907755278982137, and the editor used to keep "6.907755" (another run than "Run preset").
  it('untouched fields send the exact default and preset values, for every parameter', () => {
    expect(DEFAULT_PARAMS.INITIAL_WEALTH_MEAN_LOG).toBe(Math.log(1000));
    const fromDefaults = validateParams(paramsOf(defaultValues()));
    expect(fromDefaults.ok).toBe(true);
    if (fromDefaults.ok) for (const k of PARAM_NAMES) expect(fromDefaults.params[k], k).toBe(DEFAULT_PARAMS[k]);
    for (const preset of PRESETS) {
      const exact = applyPreset(preset.id);
      editor.replace(toValues(exact), preset.id);
      const sent = validateParams(paramsOf(editor.get().values));
      expect(sent.ok, preset.id).toBe(true);
      if (sent.ok) for (const k of PARAM_NAMES) expect(sent.params[k], `${preset.id} ${k}`).toBe(exact[k]);
    }
  });

  it('a reopened run keeps its stored values exactly (Re-run with edits)', () => {
    const stored = { ...DEFAULT_PARAMS, INITIAL_WEALTH_MEAN_LOG: 7.123456789012345, PERCENT_SPEND_INTERNAL_AVG: 0.1 + 0.2 };
    const sent = paramsOf(toValues(stored));
    expect(sent.INITIAL_WEALTH_MEAN_LOG).toBe(7.123456789012345);
    expect(sent.PERCENT_SPEND_INTERNAL_AVG).toBe(0.1 + 0.2);
    // An edited field sends what was typed.
    editor.replace(toValues(stored));
    editor.edit('INITIAL_WEALTH_MEAN_LOG', '6.9');
    expect(paramsOf(editor.get().values).INITIAL_WEALTH_MEAN_LOG).toBe(6.9);
  });
});
