import { useEffect, useState } from 'react';
import type { OpOutput } from '../../src-shared/api';
import { call, CallError, useApi } from '../api/useApi';

type Rules = OpOutput<'firefly.rules.get'>['rules'];
const CATEGORIES = ['groceries', 'dining', 'prepared_food', 'food_delivery', 'farmers_market'] as const;
type Cat = (typeof CATEGORIES)[number];

/** Editable keyword → category rules: exact Firefly category names, keyword rules, food keywords. */
export function RulesEditor({ onSaved }: { onSaved?: () => void }) {
  const stored = useApi('firefly.rules.get', {});
  const [draft, setDraft] = useState<Rules | null>(null);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (stored.data && !draft) setDraft(structuredClone(stored.data.rules));
  }, [stored.data]);
  if (stored.error) return <p role="alert" className="callout error">{stored.error.message}</p>;
  if (!draft) return <p aria-busy="true">Loading rules…</p>;

  const save = async (reset = false) => {
    setMsg(null);
    try {
      const clean: Rules = {
        ...draft,
        exact: draft.exact.filter((e) => e.fireflyCategory.trim() !== ''),
        fuzzy: draft.fuzzy.map((f) => ({ ...f, contains: f.contains.map((k) => k.trim()).filter(Boolean) })).filter((f) => f.contains.length > 0),
        foodKeywords: draft.foodKeywords.map((k) => k.trim()).filter(Boolean),
      };
      const r = await call('firefly.rules.set', reset ? { reset: true } : { rules: clean });
      setDraft(structuredClone(r.rules));
      const dropped = draft.exact.length - clean.exact.length + draft.fuzzy.length - clean.fuzzy.length;
      setMsg({ kind: 'ok', text: reset ? 'Rules reset to the defaults.' : `Mapping rules saved.${dropped ? ` ${dropped} empty rule${dropped > 1 ? 's were' : ' was'} left out.` : ''}` });
      onSaved?.();
    } catch (e) {
      setMsg({ kind: 'error', text: e instanceof CallError ? e.message : String(e) });
    }
  };

  const catSelect = (id: string, value: Cat, set: (c: Cat) => void, label: string) => (
    <select id={id} aria-label={label} value={value} onChange={(e) => set(e.target.value as Cat)}>
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>{c}</option>
      ))}
    </select>
  );

  return (
    <div className="ff-rules" data-testid="ff-rules">
      <p className="muted">
        Exact rules match the Firefly III category name (case-insensitive). Keyword rules match words in the category, then in the description; the first match wins.
        {stored.data?.isDefault ? ' These are the defaults.' : ''}
      </p>
      <table>
        <caption>Exact category rules</caption>
        <thead><tr><th scope="col">Firefly III category</th><th scope="col">Counts as</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
        <tbody>
          {draft.exact.map((e, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Firefly category ${i + 1}`} type="text" value={e.fireflyCategory} onChange={(ev) => setDraft({ ...draft, exact: draft.exact.map((x, j) => (j === i ? { ...x, fireflyCategory: ev.target.value } : x)) })} />
              </td>
              <td>{catSelect(`ff-exact-cat-${i}`, e.foodUSDCategory, (c) => setDraft({ ...draft, exact: draft.exact.map((x, j) => (j === i ? { ...x, foodUSDCategory: c } : x)) }), `Category for rule ${i + 1}`)}</td>
              <td><button type="button" aria-label={`Remove rule ${e.fireflyCategory || i + 1}`} onClick={() => setDraft({ ...draft, exact: draft.exact.filter((_, j) => j !== i) })}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setDraft({ ...draft, exact: [...draft.exact, { fireflyCategory: '', foodUSDCategory: 'groceries' }] })}>Add category rule</button>
      <table>
        <caption>Keyword rules</caption>
        <thead><tr><th scope="col">Keywords (comma-separated)</th><th scope="col">Counts as</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
        <tbody>
          {draft.fuzzy.map((f, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Keywords of keyword rule ${i + 1}`} type="text" value={f.contains.join(', ')} onChange={(ev) => setDraft({ ...draft, fuzzy: draft.fuzzy.map((x, j) => (j === i ? { ...x, contains: ev.target.value.split(',') } : x)) })} />
              </td>
              <td>{catSelect(`ff-fuzzy-cat-${i}`, f.foodUSDCategory, (c) => setDraft({ ...draft, fuzzy: draft.fuzzy.map((x, j) => (j === i ? { ...x, foodUSDCategory: c } : x)) }), `Category for keyword rule ${i + 1}`)}</td>
              <td><button type="button" aria-label={`Remove keyword rule ${i + 1}`} onClick={() => setDraft({ ...draft, fuzzy: draft.fuzzy.filter((_, j) => j !== i) })}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setDraft({ ...draft, fuzzy: [...draft.fuzzy, { contains: [''], foodUSDCategory: 'groceries' }] })}>Add keyword rule</button>
      <div className="form-grid ff-rules-more">
        <label htmlFor="ff-food-kw">Food keywords</label>
        <input id="ff-food-kw" type="text" value={draft.foodKeywords.join(', ')} onChange={(e) => setDraft({ ...draft, foodKeywords: e.target.value.split(',') })} />
        <label htmlFor="ff-default-cat">Unmatched food counts as</label>
        <select id="ff-default-cat" value={draft.defaultCategory ?? ''} onChange={(e) => setDraft({ ...draft, defaultCategory: (e.target.value || null) as Cat | null })}>
          <option value="">(leave out)</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
      <div className="toolbar">
        <button type="button" onClick={() => void save()}>Save rules</button>
        <button type="button" onClick={() => void save(true)}>Reset to defaults</button>
      </div>
      {msg ? <p role={msg.kind === 'error' ? 'alert' : 'status'} className={`callout ${msg.kind === 'error' ? 'error' : 'ok'}`}>{msg.text}</p> : null}
    </div>
  );
}
