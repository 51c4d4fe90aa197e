import { useId, useRef, type ReactNode } from 'react';

export interface TabDef {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** WAI-ARIA tabs: tablist/tab/tabpanel, roving tabindex, Left/Right/Home/End keys. Only the active panel renders. */
export function Tabs({ tabs, active, onChange, label }: { tabs: TabDef[]; active: string; onChange: (id: string) => void; label: string }) {
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const idx = Math.max(0, tabs.findIndex((t) => t.id === active));
  const cur = tabs[idx];
  const go = (i: number) => {
    const t = tabs[(i + tabs.length) % tabs.length];
    onChange(t.id);
    refs.current[t.id]?.focus();
  };
  return (
    <div className="tabset">
      <div
        className="tabs"
        role="tablist"
        aria-label={label}
        onKeyDown={(e) => {
          const k = e.key;
          if (k === 'ArrowRight') go(idx + 1);
          else if (k === 'ArrowLeft') go(idx - 1);
          else if (k === 'Home') go(0);
          else if (k === 'End') go(tabs.length - 1);
          else return;
          e.preventDefault();
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === cur.id}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={t.id === cur.id ? 0 : -1}
            onClick={() => onChange(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel-${cur.id}`} aria-labelledby={`${base}-tab-${cur.id}`} tabIndex={0} className="tabpanel">
        {cur.render()}
      </div>
    </div>
  );
}
