import { beforeEach, describe, expect, it, vi } from 'vitest';
import { validateParams } from '../../../src-shared/engine';
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
});
