import { useMemo } from 'react';
import { PRESETS, validateParams } from '../../src-shared/engine';
import { useShell } from '../App';
import { count, paramText, pct } from './format';
import { paramsOf, useEditor } from './paramStore';

/**
 * What a view that runs "the Simulate parameters" (Monte Carlo, Sensitivity, shock test) will run: the
 * preset they came from, their size and key values, the model, and a way back to edit them. These views
 * have no editor of their own, so they say which parameters they use instead of using them silently.
 */
export function EditorBase({ what = 'Parameters from the Simulate editor' }: { what?: string }) {
  const { navigate } = useShell();
  const st = useEditor();
  const check = useMemo(() => validateParams(paramsOf(st.values)), [st.values]);
  const p = check.ok ? check.params : null;
  const preset = st.preset ? PRESETS.find((x) => x.id === st.preset)?.name : null;
  return (
    <div className="callout info" data-testid="editor-base">
      {what}
      {preset ? ` (preset ${preset})` : ''}:{' '}
      {p ? `${count(p.NUM_MEMBERS)} members × ${count(p.SIMULATION_WEEKS)} weeks, income $${paramText(p.WEEKLY_INCOME_AVG)}, internal ${pct(p.PERCENT_SPEND_INTERNAL_AVG, 0)}, model ${st.model}.` : 'some parameters are invalid; fix them in Simulate.'}{' '}
      <button type="button" onClick={() => navigate('simulate')}>Edit parameters</button>
    </div>
  );
}
