/**
 * A button disabled while it works (DoX's "Refresh health" → "Checking…", also on its 30 s timer;
 * Firefly's "Test" → "Testing…") drops keyboard focus to <body>: the focus ring is gone, Enter does
 * nothing and a screen reader loses its place. The button gets focus back when it is enabled again,
 * unless focus has gone somewhere meanwhile (a Cancel button, a click, a Tab). A button that stays
 * disabled or goes away is left to its view (JobProgress, RunHistory, Simulate's Undo).
 */
const WAIT_MS = 120_000;

export function keepFocusOnBusyButtons(doc: Document = document): void {
  doc.addEventListener(
    'focusout',
    (e) => {
      const el = e.target;
      if (!(el instanceof HTMLButtonElement) || e.relatedTarget || !el.disabled) return;
      const stop = () => {
        mo.disconnect();
        doc.removeEventListener('focusin', stop, true);
        clearTimeout(timer);
      };
      const mo = new MutationObserver(() => {
        if (el.disabled) return;
        stop();
        const a = doc.activeElement;
        if (el.isConnected && (!a || a === doc.body)) el.focus();
      });
      mo.observe(el, { attributes: true, attributeFilter: ['disabled'] });
      doc.addEventListener('focusin', stop, true);
      const timer = setTimeout(stop, WAIT_MS);
    },
    true,
  );
}
