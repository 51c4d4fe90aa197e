/**
 * A message from the backend, with `backticked` commands shown as code: the same text reads
 * naturally on the CLI (plain backticks) and in the app (no stray backtick characters).
 */
export function MessageText({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves one unmatched: show the text as it is.
  if (parts.length < 3 || parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}
