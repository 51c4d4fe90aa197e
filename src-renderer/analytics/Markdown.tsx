import { Fragment, type ReactNode } from 'react';

/** A tiny Markdown subset (headings, bullets, paragraphs, **bold**, *em*, `code`) for built-in docs text. */
function inline(s: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*]+\*)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(s))) {
    if (m.index > last) out.push(s.slice(last, m.index));
    const t = m[0];
    if (t.startsWith('**')) out.push(<strong key={k++}>{t.slice(2, -2)}</strong>);
    else if (t.startsWith('`')) out.push(<code key={k++}>{t.slice(1, -1)}</code>);
    else out.push(<em key={k++}>{t.slice(1, -1)}</em>);
    last = m.index + t.length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split('\n');
  // The text's top heading level becomes h2 (the view's title is the h1), so levels never skip.
  const top = Math.min(9, ...lines.map((l) => /^(#{1,4})\s/.exec(l)?.[1].length ?? 9));
  let list: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p key={blocks.length}>{inline(para.join(' '))}</p>);
    if (list.length) blocks.push(<ul key={blocks.length}>{list.map((l, i) => <li key={i}>{inline(l)}</li>)}</ul>);
    para = [];
    list = [];
  };
  for (const raw of lines) {
    const l = raw.trimEnd();
    const h = /^(#{1,4})\s+(.*)$/.exec(l);
    if (h) {
      flush();
      const level = Math.min(4, h[1].length - top + 2);
      const Tag = `h${level}` as 'h2';
      blocks.push(<Tag key={blocks.length}>{inline(h[2])}</Tag>);
    } else if (/^\s*[-*]\s+/.test(l)) {
      if (para.length) { const p = para; para = []; blocks.push(<p key={blocks.length}>{inline(p.join(' '))}</p>); }
      list.push(l.replace(/^\s*[-*]\s+/, ''));
    } else if (/^\s+\S/.test(l) && list.length) {
      list[list.length - 1] += ' ' + l.trim();
    } else if (!l.trim()) flush();
    else {
      if (list.length) flush();
      para.push(l);
    }
  }
  flush();
  return <div className="markdown">{blocks.map((b, i) => <Fragment key={i}>{b}</Fragment>)}</div>;
}
