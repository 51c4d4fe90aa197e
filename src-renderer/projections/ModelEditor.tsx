import { useId, useMemo, useRef } from 'react';
import { ProjectionModelSchema, type ProjectionModel } from '../../src-shared/projections/schema';

/** Draft of one model: inputs as typed text so a half-typed number is not lost. */
export type ModelDraft = Record<FieldKey, string>;

type FieldKey =
  | 'name'
  | 'description'
  | 'initialInvestment'
  | 'projectedYear5Revenue'
  | 'projectedRiskAdjustedROI'
  | 'projectedBreakEvenMonths'
  | 'successProbability'
  | 'populationSize'
  | 'participationRate'
  | 'weeklyRevenuePerParticipant'
  | 'growthRatePerWeek'
  | 'tokenDistributionRate'
  | 'groupBuyingSavings'
  | 'stakingParticipation';

interface FieldDef {
  key: FieldKey;
  label: string;
  hint: string;
  step?: string;
  optional?: boolean;
  text?: boolean;
}

export const FIELD_GROUPS: { title: string; fields: FieldDef[] }[] = [
  {
    title: 'Identity',
    fields: [
      { key: 'name', label: 'Name', hint: 'unique', text: true },
      { key: 'description', label: 'Description', hint: 'optional', text: true, optional: true },
    ],
  },
  {
    title: 'Projection targets',
    fields: [
      { key: 'initialInvestment', label: 'Initial investment ($)', hint: '> 0', step: '100' },
      { key: 'projectedYear5Revenue', label: 'Projected year-5 revenue ($)', hint: '> 0', step: '100' },
      { key: 'projectedRiskAdjustedROI', label: 'Projected risk-adjusted ROI (×)', hint: 'decimal multiple: 13.66 = 1,366%', step: '0.01' },
      { key: 'projectedBreakEvenMonths', label: 'Projected break-even (months)', hint: '> 0', step: '0.1' },
      { key: 'successProbability', label: 'Success probability', hint: '0 to 1', step: '0.01' },
    ],
  },
  {
    title: 'Simulation inputs',
    fields: [
      { key: 'populationSize', label: 'Population', hint: 'whole number 1 to 10,000,000', step: '1' },
      { key: 'participationRate', label: 'Participation rate', hint: '0 to 1', step: '0.01' },
      { key: 'weeklyRevenuePerParticipant', label: 'Weekly revenue per participant ($)', hint: '≥ 0', step: '0.01' },
      { key: 'growthRatePerWeek', label: 'Growth rate per week', hint: '-0.5 to 0.5, compounding', step: '0.0005' },
    ],
  },
  {
    title: 'Token economy',
    fields: [
      { key: 'tokenDistributionRate', label: 'Token distribution rate', hint: '0 to 1, optional', step: '0.01', optional: true },
      { key: 'groupBuyingSavings', label: 'Group-buying savings', hint: '0 to 1, optional', step: '0.01', optional: true },
      { key: 'stakingParticipation', label: 'Staking participation', hint: '0 to 1, optional', step: '0.01', optional: true },
    ],
  },
];

const ALL_FIELDS = FIELD_GROUPS.flatMap((g) => g.fields);

export function toDraft(m: ProjectionModel): ModelDraft {
  const d = {} as ModelDraft;
  for (const f of ALL_FIELDS) {
    const v = (m as Record<string, unknown>)[f.key];
    d[f.key] = v === undefined || v === null ? '' : String(v);
  }
  return d;
}

/** Parse a draft with the same schema as the main process; errors keyed by field. */
export function parseDraft(d: ModelDraft): { model: ProjectionModel | null; errors: Partial<Record<FieldKey, string>> } {
  const obj: Record<string, unknown> = {};
  const errors: Partial<Record<FieldKey, string>> = {};
  for (const f of ALL_FIELDS) {
    const raw = d[f.key].trim();
    if (f.text) obj[f.key] = d[f.key];
    else if (raw === '') {
      if (!f.optional) errors[f.key] = `${f.label} is required`;
    } else {
      const n = Number(raw);
      if (!Number.isFinite(n)) errors[f.key] = `${f.label} must be a number (got "${raw}")`;
      else obj[f.key] = n;
    }
  }
  const r = ProjectionModelSchema.safeParse(obj);
  if (!r.success) {
    for (const i of r.error.issues) {
      const k = String(i.path[0] ?? '') as FieldKey;
      // The schema names fields by key (for the CLI and the API); the form names them by their labels.
      // The key's parenthetical ("initialInvestment ($)", "… (decimal multiple, 13.66 = 1,366%)") is
      // what the label and its hint already say: it goes with the key ("Initial investment ($) ($)").
      const label = ALL_FIELDS.find((f) => f.key === k)?.label;
      if (k && !errors[k]) errors[k] = label && i.message.startsWith(k) ? label + i.message.slice(k.length).replace(/^ \([^()]*\)/, '') : i.message;
    }
  }
  return { model: r.success && Object.keys(errors).length === 0 ? r.data : null, errors };
}

export function ModelTabs({
  drafts,
  selected,
  onSelect,
  errorsOf,
}: {
  drafts: ModelDraft[];
  selected: number;
  onSelect: (i: number) => void;
  errorsOf: (i: number) => number;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (i: number) => {
    const n = (i + drafts.length) % drafts.length;
    onSelect(n);
    refs.current[n]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Projection models">
      {drafts.map((d, i) => (
        <button
          key={i}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`pm-tab-${i}`}
          aria-controls="pm-panel"
          aria-selected={i === selected}
          tabIndex={i === selected ? 0 : -1}
          onClick={() => onSelect(i)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(i + 1);
            else if (e.key === 'ArrowLeft') move(i - 1);
            else if (e.key === 'Home') move(0);
            else if (e.key === 'End') move(drafts.length - 1);
            else return;
            e.preventDefault();
          }}
        >
          {d.name.trim() || `Model ${i + 1}`}
          {errorsOf(i) > 0 ? <span className="pm-badge-err" aria-label={`${errorsOf(i)} errors`}> ⚠</span> : null}
        </button>
      ))}
    </div>
  );
}

export function ModelForm({ draft, index, onChange }: { draft: ModelDraft; index: number; onChange: (d: ModelDraft) => void }) {
  const uid = useId();
  const { errors } = useMemo(() => parseDraft(draft), [draft]);
  return (
    <div role="tabpanel" id="pm-panel" aria-labelledby={`pm-tab-${index}`} className="pm-form">
      {FIELD_GROUPS.map((g) => (
        <fieldset key={g.title} className="pm-fieldset">
          <legend>{g.title}</legend>
          {g.fields.map((f) => {
            const id = `${uid}-${f.key}`;
            const err = errors[f.key];
            return (
              <div key={f.key} className={f.text ? 'pm-field pm-wide' : 'pm-field'}>
                <label htmlFor={id}>{f.label}</label>
                <input
                  id={id}
                  // Text, not type="number": a number input reports "" for what it cannot parse ("1e",
                  // "0.5.5"), which read as "is required" (or, in an optional field, as left empty).
                  type="text"
                  inputMode={f.text ? undefined : 'decimal'}
                  value={draft[f.key]}
                  aria-invalid={err ? 'true' : 'false'}
                  aria-describedby={`${id}-hint${err ? ` ${id}-err` : ''}`}
                  onChange={(e) => onChange({ ...draft, [f.key]: e.target.value })}
                />
                <span id={`${id}-hint`} className="muted pm-hint">
                  {f.hint}
                </span>
                {err ? (
                  <span id={`${id}-err`} className="field-error">
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
