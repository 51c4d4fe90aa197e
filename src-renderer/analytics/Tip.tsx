import { useId, type ReactNode } from 'react';

/** A term with a tooltip: `title` for the mouse, aria-describedby for assistive technology. */
export function Tip({ text, children, className }: { text: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <span className={`tip ${className ?? ''}`} title={text} aria-describedby={id}>
      {children}
      <span id={id} className="sr-only">
        {text}
      </span>
    </span>
  );
}
