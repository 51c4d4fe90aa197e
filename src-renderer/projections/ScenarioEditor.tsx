import { useId } from 'react';
import type { MarketScenario } from '../../src-shared/projections/schema';

const COLS: { key: keyof MarketScenario; label: string; min: number; max: number; step: string }[] = [
  { key: 'probability', label: 'Probability', min: 0, max: 1, step: '0.05' },
  { key: 'roiMultiplier', label: 'ROI target ×', min: 0, max: 100, step: '0.1' },
  { key: 'successRateIncrease', label: 'Success shift', min: -1, max: 1, step: '0.05' },
  { key: 'growthAcceleration', label: 'Growth ×', min: 0, max: 100, step: '0.1' },
  { key: 'participationDelta', label: 'Participation shift', min: -1, max: 1, step: '0.05' },
];

export type ScenarioDraft = Record<string, string>;

export function scenarioErrors(d: ScenarioDraft): Record<string, string> {
  const e: Record<string, string> = {};
  for (const c of COLS) {
    const raw = (d[c.key] ?? '').trim();
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) e[c.key] = `${c.label} must be a number${raw === '' ? '' : ` (got ${raw})`}`;
    else if (n < c.min || n > c.max) e[c.key] = `${c.label} must be between ${c.min} and ${c.max} (got ${raw})`;
  }
  return e;
}

export function draftToScenario(base: MarketScenario, d: ScenarioDraft): MarketScenario {
  const out = { ...base } as Record<string, unknown>;
  for (const c of COLS) out[c.key] = Number(d[c.key]);
  return out as MarketScenario;
}

export const scenarioToDraft = (s: MarketScenario): ScenarioDraft => Object.fromEntries(COLS.map((c) => [c.key, String(s[c.key] ?? 0)]));

export function ScenarioEditor({ scenarios, drafts, onChange }: { scenarios: MarketScenario[]; drafts: ScenarioDraft[]; onChange: (i: number, d: ScenarioDraft) => void }) {
  const uid = useId();
  return (
    <div className="pm-scroll" tabIndex={0} role="region" aria-label="Market scenarios (editable) (scrolls sideways)">
      <table aria-label="Market scenarios (editable)">
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            {COLS.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scenarios.map((s, i) => {
            const errs = scenarioErrors(drafts[i]);
            return (
              <tr key={s.key}>
                <th scope="row">
                  {s.name} <span className="muted">({s.key})</span>
                </th>
                {COLS.map((c) => {
                  const id = `${uid}-${s.key}-${c.key}`;
                  return (
                    <td key={c.key}>
                      <label htmlFor={id} className="sr-only">
                        {s.name}: {c.label}
                      </label>
                      <input
                        id={id}
                        type="text"
                        inputMode="decimal"
                        value={drafts[i][c.key]}
                        aria-invalid={errs[c.key] ? 'true' : 'false'}
                        aria-describedby={errs[c.key] ? `${id}-err` : undefined}
                        onChange={(e) => onChange(i, { ...drafts[i], [c.key]: e.target.value })}
                        style={{ width: 90 }}
                      />
                      {errs[c.key] ? (
                        <div id={`${id}-err`} className="field-error">
                          {errs[c.key]}
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
