import { PARAM_SPECS, type ParamName } from '../../src-shared/engine';
import { PARAM_LABELS, paramHelp } from './help';
import type { Values } from './paramStore';

export const PARAM_GROUPS: { title: string; params: ParamName[] }[] = [
  { title: 'Simulation setup', params: ['NUM_MEMBERS', 'SIMULATION_WEEKS', 'INITIAL_WEALTH_MEAN_LOG', 'INITIAL_WEALTH_SIGMA_LOG'] },
  { title: 'Members', params: ['WEEKLY_INCOME_AVG', 'WEEKLY_INCOME_STDDEV', 'MIN_WEEKLY_INCOME', 'WEEKLY_FOOD_BUDGET_AVG', 'WEEKLY_FOOD_BUDGET_STDDEV', 'MIN_WEEKLY_BUDGET'] },
  { title: 'Cooperative (scenario B)', params: ['PERCENT_SPEND_INTERNAL_AVG', 'PERCENT_SPEND_INTERNAL_STDDEV', 'GROUP_BUY_SAVINGS_PERCENT', 'LOCAL_PRODUCTION_SAVINGS_PERCENT', 'GROTOKEN_REWARD_PER_WEEK_AVG', 'GROTOKEN_REWARD_STDDEV', 'GROTOKEN_USD_VALUE', 'WEEKLY_COOP_FEE_B'] },
];

const step = (p: ParamName) => {
  const s = PARAM_SPECS[p];
  if (s.integer) return 1;
  return s.max <= 1 ? 0.01 : s.max <= 20 ? 0.1 : 1;
};

/**
 * What a value means in plain units, beside its range (spec §4.3 "Display"): the log mean as the
 * median wealth it gives, fractions as percent. Empty for other fields or a value that is not a number.
 */
export function valueNote(p: ParamName, raw: string): string {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) return '';
  if (p === 'INITIAL_WEALTH_MEAN_LOG') {
    const w = Math.exp(x);
    return `≈ $${w.toLocaleString('en-US', w < 10 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 0 })} median wealth`;
  }
  if (p === 'PERCENT_SPEND_INTERNAL_AVG' || p === 'PERCENT_SPEND_INTERNAL_STDDEV' || p === 'GROUP_BUY_SAVINGS_PERCENT' || p === 'LOCAL_PRODUCTION_SAVINGS_PERCENT') {
    return `= ${+(x * 100).toFixed(2)}%`;
  }
  return '';
}

/** All 18 parameters, grouped, each with a label, tooltip, range hint and its error message (paramErrorText: label first, code in parentheses). */
const decimals = (text: string) => (/\.(\d+)$/.exec(text.trim())?.[1].length ?? 0);

export function ParamEditor({ values, errors, defaults, onEdit }: { values: Values; errors: Partial<Record<string, string>>; defaults: Values; onEdit: (p: ParamName, v: string) => void }) {
  return (
    <div className="param-editor">
      {PARAM_GROUPS.map((g) => (
        <fieldset key={g.title} className="param-group">
          <legend>{g.title}</legend>
          {g.params.map((p) => {
            const id = `param-${p}`;
            const err = errors[p];
            const s = PARAM_SPECS[p];
            const changed = values[p].trim() !== defaults[p];
            return (
              <div key={p} className={`param-row${changed ? ' changed' : ''}`}>
                <label htmlFor={id} title={paramHelp(p)}>
                  {PARAM_LABELS[p]}
                  {/* A dot, not "*": a star reads as "required". Screen readers get the state from the hint. */}
                  {changed ? <span className="changed-mark" aria-hidden="true" title="changed from the defaults"> •</span> : null}
                </label>
                <input
                  id={id}
                  name={p}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  spellCheck={false}
                  value={values[p]}
                  aria-invalid={err ? 'true' : 'false'}
                  aria-describedby={`${id}-hint${err ? ` ${id}-err` : ''}`}
                  title={paramHelp(p)}
                  onChange={(e) => onEdit(p, e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
                    const v = Number(values[p]);
                    if (!Number.isFinite(v)) return;
                    e.preventDefault();
                    const n = Math.min(s.max, Math.max(s.min, v + (e.key === 'ArrowUp' ? 1 : -1) * step(p) * (e.shiftKey ? 10 : 1)));
                    // Keep the value's own precision (ln 1000 stays 6.907755278982137 after Up, Down),
                    // at least the step's, so 0.6 + 0.01 reads 0.61, not 0.6100000000000001.
                    onEdit(p, String(+n.toFixed(Math.min(15, Math.max(decimals(values[p]), decimals(String(step(p))))))));
                  }}
                />
                <span id={`${id}-hint`} className="param-hint muted">
                  <code>{p}</code> · {s.min < 0 ? `−${-s.min}` : s.min}–{s.max.toLocaleString('en-US')}
                  {s.integer ? ', integer' : ''}
                  {valueNote(p, values[p]) ? ` · ${valueNote(p, values[p])}` : ''}
                  <span className="sr-only">{changed ? '. Changed from the defaults' : ''}. {paramHelp(p)}</span>
                </span>
                {err ? (
                  <span id={`${id}-err`} className="field-error" role="alert">
                    {err}
                  </span>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}
