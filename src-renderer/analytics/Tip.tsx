import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** Widest bubble (CSS .tip-text) plus a margin: a term closer than this to the right edge opens its bubble leftwards. */
const BUBBLE_ROOM = 340;

/**
 * A term with an explanation: `title` for the mouse, aria-describedby for assistive technology,
 * and a Tab stop that shows the text in a bubble while focused from the keyboard (a `title` alone
 * never shows for keyboard or touch users). Escape hides the bubble until focus leaves.
 * `inControl`: the term sits inside a button or link, which is the Tab stop; its focus shows the bubble.
 */
export function Tip({ text, children, className, inControl = false }: { text: string; children: ReactNode; className?: string; inControl?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [dismissed, setDismissed] = useState(false);
  const [alignEnd, setAlignEnd] = useState(false);
  const place = () => {
    const r = ref.current?.getBoundingClientRect();
    if (r) setAlignEnd(r.left + BUBBLE_ROOM > window.innerWidth);
    // Focus scrolls only the term into view: near the window's bottom edge its bubble opened out of
    // sight. Once shown (keyboard focus), the bubble is brought into view too.
    requestAnimationFrame(() => {
      const bubble = ref.current?.querySelector<HTMLElement>(':scope > .tip-text');
      if (bubble && bubble.getBoundingClientRect().height > 1) bubble.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  };
  useEffect(() => {
    if (!inControl) return;
    const host = ref.current?.closest('button, a');
    host?.addEventListener('focus', place);
    return () => host?.removeEventListener('focus', place);
  }, [inControl]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !dismissed) {
      setDismissed(true);
      e.stopPropagation();
    }
  };
  return (
    <span
      ref={ref}
      className={`tip${dismissed ? ' tip-dismissed' : ''}${alignEnd ? ' tip-end' : ''}${className ? ` ${className}` : ''}`}
      title={text}
      aria-describedby={id}
      tabIndex={inControl ? undefined : 0}
      onKeyDown={inControl ? undefined : onKeyDown}
      onFocus={inControl ? undefined : place}
      onBlur={() => setDismissed(false)}
    >
      {children}
      <span id={id} role="tooltip" className="sr-only tip-text">
        {text}
      </span>
    </span>
  );
}
