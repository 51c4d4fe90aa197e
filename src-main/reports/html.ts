import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDelta, formatMetricValue, formatValue, isNumericType, rawText, readableTime } from '../../src-shared/report/format';
import {
  chartData,
  inputRows,
  KIND_LABELS,
  runInputTable,
  type Block,
  type ChartBlock,
  type Column,
  type Report,
  type TableBlock,
  type TableLike,
} from '../../src-shared/report/model';

/**
 * Self-contained interactive HTML report (the "datavzrd-style dashboard"):
 * - Plotly (plotly.js-dist-min) is inlined; there are no external requests (no CDN, no fonts,
 *   no images by URL). A strict CSP meta tag allows only the inline scripts by SHA-256 hash and
 *   forbids every network fetch (`connect-src 'none'`, `default-src 'none'`).
 * - Tables are sortable (click a header) and filterable (search box), with a tiny inline script.
 * - Light/dark follows `prefers-color-scheme`; print CSS gives a title page, a table of contents,
 *   a page break before every section and `break-inside: avoid` for tables, charts, cards and
 *   every table row (a table taller than a page breaks between rows, never inside one).
 * - `window.__pmovesReport.prepareForPrint()` swaps every Plotly chart for a PNG of the same
 *   figure (Plotly.toImage, light theme) — the PDF pipeline calls it before printing.
 */

export interface HtmlOptions {
  /** Plotly bundle source. Defaults to plotly.js-dist-min from node_modules. */
  plotlySource?: string;
}

let plotlyCache: string | undefined;

/** Read plotly.js-dist-min's minified bundle (cached). */
export function loadPlotlySource(): string {
  if (plotlyCache === undefined) {
    const require = createRequire(import.meta.url);
    const path = require.resolve('plotly.js-dist-min');
    plotlyCache = readFileSync(path, 'utf8');
  }
  return plotlyCache;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script type="application/json"> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Make a JS source safe to inline in <script> (a literal "</script" would end the element). */
function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

// ── CSS ─────────────────────────────────────────────────────────────────────────────────────────

// Light accent #0969da: links on the contents box (--card) read 4.8:1; #1f6feb read 4.31:1 (under 4.5).
const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#5b6570;--line:#d6dbe0;--card:#f5f7f9;--accent:#0969da;
--good:#1a7f37;--bad:#cf222e;--info:#0969da;--warn:#9a6700;--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--fg:#e6e9ed;--muted:#9aa4ae;--line:#30363d;--card:#161b22;--accent:#58a6ff;--good:#3fb950;--bad:#f85149;--info:#58a6ff;--warn:#d29922}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg);font:15px/1.5 var(--font)}
body{margin:0 auto;max-width:1180px;padding:24px 28px 64px}
h1{font-size:2rem;line-height:1.2;margin:0 0 .3em}
h2{font-size:1.45rem;margin:1.6em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
.title-page{padding:32px 0 12px;border-bottom:3px solid var(--accent);margin-bottom:16px}
.title-page .kind{display:inline-block;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);border:1px solid var(--line);border-radius:999px;padding:2px 10px;margin-bottom:12px}
.title-page .subtitle{font-size:1.15rem;color:var(--muted);margin:0 0 1em}
.title-page dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:1em 0 0;font-size:.92rem}
.title-page dt{color:var(--muted)}.title-page dd{margin:0;word-break:break-word}
.brand{font-size:.85rem;color:var(--muted);margin-top:1.5em}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 20px;margin:16px 0}
nav.toc h2{border:0;margin:.2em 0 .4em;font-size:1.1rem}
nav.toc ol{margin:0;padding-left:2.2em;columns:2 280px}
nav.toc li{margin:2px 0;break-inside:avoid}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin:12px 0 18px}
.metric{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.metric-label{font-size:.82rem;color:var(--muted)}
.metric-value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
.metric-delta{font-size:.85rem;font-variant-numeric:tabular-nums}
.good{color:var(--good)}.bad{color:var(--bad)}.neutral{color:var(--muted)}
.callout{border-left:4px solid var(--info);background:var(--card);padding:10px 14px;border-radius:4px;margin:12px 0}
.callout.success{border-color:var(--good)}.callout.warning{border-color:var(--warn)}.callout.error{border-color:var(--bad)}
.callout strong{display:block;margin-bottom:2px}
figure{margin:16px 0 22px}
figcaption{font-weight:600;margin:0 0 6px}
.chart-block figcaption{margin:6px 0 0;font-weight:500;color:var(--muted);font-size:.92rem}
.table-tools{display:flex;gap:12px;align-items:center;margin:4px 0 6px}
.table-tools input{font:inherit;font-size:.9rem;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);min-width:220px}
.table-tools .count{font-size:.85rem;color:var(--muted)}
.table-scroll{overflow:auto;max-height:560px;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{padding:5px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num,th.num{text-align:right}
thead th{position:sticky;top:0;background:var(--card);z-index:1}
th .sort{cursor:pointer;font-weight:600}
th .sort:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
th[aria-sort=ascending] .sort::after{content:" ▲";font-size:.7em}
th[aria-sort=descending] .sort::after{content:" ▼";font-size:.7em}
tbody tr:hover{background:var(--card)}
tr[hidden]{display:none}
.print-note{display:none;font-size:.85rem;color:var(--muted);font-style:italic;margin:4px 0 0}
.chart{width:100%;min-height:120px}
.chart-img{display:block;width:100%;height:auto}
.chart-fallback{padding:24px;color:var(--muted);border:1px dashed var(--line);border-radius:6px}
details.chart-data{margin-top:6px;font-size:.9rem}
details.chart-data summary{cursor:pointer;color:var(--muted)}
.kv td:first-child{color:var(--muted);white-space:nowrap}
.run-inputs th[scope=row]{font-weight:400;color:var(--muted);white-space:nowrap}
.run-inputs tr.differs td{font-weight:600;background:color-mix(in srgb,var(--warn) 14%,transparent)}
.run-inputs tr.differs th[scope=row]{color:var(--fg);font-weight:600}
.differs-tag{font-size:.75em;font-weight:600;color:var(--warn);border:1px solid currentColor;border-radius:999px;padding:0 6px;margin-left:6px}
@page{size:A4}
@media print{
:root{--bg:#fff;--fg:#111;--muted:#555;--line:#c8ccd0;--card:#f3f5f7;--accent:#0b4fb3;--good:#116329;--bad:#a40e26;--info:#0b4fb3;--warn:#7d4e00;color-scheme:light}
html{font-size:10.5pt;background:#fff}
body{max-width:none;padding:0}
.title-page{height:235mm;display:flex;flex-direction:column;justify-content:center;border-bottom:0;break-after:page;padding:0}
.title-page h1{font-size:26pt}
.title-page .kind{align-self:flex-start}
nav.toc{break-after:page;background:none;border:0;padding:0}
nav.toc h2{font-size:16pt;border-bottom:1px solid var(--line)}
nav.toc ol{columns:1;font-size:11pt;line-height:1.9}
nav.toc a{color:var(--fg);text-decoration:none}
.report-section{break-before:page}
h2{break-after:avoid}
figure,.metrics,.metric,.callout,ul,ol{break-inside:avoid}
figure.long{break-inside:auto}
tr{break-inside:avoid}
thead{display:table-header-group}
figcaption{break-after:avoid}
.table-scroll{overflow:visible;max-height:none;border:0}
thead th{position:static}
table{font-size:8.5pt}
table.wide{font-size:7pt}
th,td{padding:1.5px 5px}
th[aria-sort] .sort::after{content:none}
.table-tools,details.chart-data,.modebar,.modebar-container{display:none!important}
tr.print-extra{display:none}
.print-note{display:block}
tbody tr:hover{background:none}
.metrics{grid-template-columns:repeat(3,1fr)}
a{text-decoration:none}
}
`;

// ── inline app script (sorting, filtering, charts, print preparation) ─────────────────────────

const APP_JS = String.raw`(function(){'use strict';
var figEl=document.getElementById('report-figures');
var figures=figEl?JSON.parse(figEl.textContent||'{}'):{};
var mq=window.matchMedia?window.matchMedia('(prefers-color-scheme: dark)'):null;
var FONT='system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif';
function clone(o){return JSON.parse(JSON.stringify(o||{}));}
function themed(layout,mode){
  var l=clone(layout);var dark=mode==='dark';var fg=dark?'#e6e9ed':'#1b1f24';var grid=dark?'rgba(255,255,255,0.12)':'rgba(0,0,0,0.10)';
  l.paper_bgcolor=mode==='print'?'#ffffff':'rgba(0,0,0,0)';l.plot_bgcolor=mode==='print'?'#ffffff':'rgba(0,0,0,0)';
  l.font=Object.assign({family:FONT,color:fg,size:mode==='print'?13:12},l.font||{});
  l.margin=Object.assign({l:64,r:24,t:36,b:52},l.margin||{});
  Object.keys(l).forEach(function(k){if(/^[xy]axis\d*$/.test(k)&&l[k]&&typeof l[k]==='object'){l[k]=Object.assign({gridcolor:grid,zerolinecolor:grid,linecolor:grid,automargin:true},l[k]);var t=l[k].title;if(typeof t==='string')t={text:t};if(t&&typeof t==='object'&&t.standoff===undefined)l[k].title=Object.assign({standoff:10},t);}});
  if(!l.xaxis)l.xaxis={gridcolor:grid,zerolinecolor:grid};if(!l.yaxis)l.yaxis={gridcolor:grid,zerolinecolor:grid};
  l.legend=Object.assign({orientation:'h',y:-0.2},l.legend||{});
  return l;
}
var CONFIG={responsive:true,displaylogo:false,showLink:false,showSendToCloud:false,modeBarButtonsToRemove:['sendDataToCloud','sendChartToCloud','editInChartStudio'],toImageButtonOptions:{format:'png',scale:2}};
var chartEls=[].slice.call(document.querySelectorAll('[data-chart]'));
function mode(){return mq&&mq.matches?'dark':'light';}
var pending=chartEls.map(function(el){
  var fig=figures[el.getAttribute('data-chart')];
  if(!window.Plotly||!fig){el.innerHTML='';var p=document.createElement('p');p.className='chart-fallback';p.textContent='Chart unavailable: the data table below has every value.';el.appendChild(p);return Promise.resolve(false);}
  return window.Plotly.newPlot(el,clone(fig.data),themed(fig.layout,mode()),CONFIG).then(function(){return true;},function(e){el.textContent='Chart failed to render: '+e;return false;});
});
var ready=Promise.all(pending);
if(mq&&mq.addEventListener){mq.addEventListener('change',function(){chartEls.forEach(function(el){var fig=figures[el.getAttribute('data-chart')];if(fig&&el.classList.contains('js-plotly-plot'))window.Plotly.react(el,clone(fig.data),themed(fig.layout,mode()),CONFIG);});});}
// tables
function cellValue(td,type){var v=td.getAttribute('data-v');if(v===null||v==='')return null;if(type==='num'){var n=Number(v);return isNaN(n)?null:n;}return v.toLowerCase();}
function applyPrintLimit(fig){var lim=Number(fig.getAttribute('data-print-rows'));var rows=fig.querySelectorAll('tbody tr');for(var i=0;i<rows.length;i++){rows[i].classList.toggle('print-extra',lim>0&&i>=lim);}}
[].slice.call(document.querySelectorAll('figure[data-table]')).forEach(function(fig){
  var table=fig.querySelector('table');var tbody=table.tBodies[0];var ths=[].slice.call(table.tHead.rows[0].cells);
  var count=fig.querySelector('.count');var input=fig.querySelector('input[type=search]');var total=tbody.rows.length;
  function updateCount(shown){if(count)count.textContent=shown===total?total+' rows':shown+' of '+total+' rows';}
  ths.forEach(function(th,ci){var b=th.querySelector('.sort');if(!b)return;b.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();b.click();}});b.addEventListener('click',function(){
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    ths.forEach(function(o){o.setAttribute('aria-sort','none');});th.setAttribute('aria-sort',dir);
    var type=th.getAttribute('data-type');var mul=dir==='ascending'?1:-1;
    var rows=[].slice.call(tbody.rows).map(function(r,i){return{r:r,i:i,v:cellValue(r.cells[ci],type)};});
    rows.sort(function(a,b){if(a.v===b.v)return a.i-b.i;if(a.v===null)return 1;if(b.v===null)return -1;return (a.v<b.v?-1:1)*mul;});
    rows.forEach(function(x){tbody.appendChild(x.r);});applyPrintLimit(fig);});});
  if(input){input.addEventListener('input',function(){var q=input.value.trim().toLowerCase();var shown=0;
    [].slice.call(tbody.rows).forEach(function(r){var ok=!q||r.textContent.toLowerCase().indexOf(q)!==-1;r.hidden=!ok;if(ok)shown++;});updateCount(shown);});}
  updateCount(total);
  var init=fig.getAttribute('data-sort');if(init){var parts=init.split(':');ths.forEach(function(th){if(th.getAttribute('data-key')===parts[0]){var b=th.querySelector('.sort');b.click();if(parts[1]==='desc')b.click();}});}
});
function toPng(id,el){var fig=figures[id];var h=Number(el.getAttribute('data-height'))||380;
  return window.Plotly.toImage({data:clone(fig.data),layout:Object.assign(themed(fig.layout,'print'),{width:960,height:Math.round(h*1.15)})},{format:'png',width:960,height:Math.round(h*1.15),scale:2});}
window.__pmovesReport={
  ready:ready.then(function(r){return{charts:chartEls.length,rendered:r.filter(Boolean).length};}),
  chartImages:function(){return ready.then(function(){return Promise.all(chartEls.map(function(el){var id=el.getAttribute('data-chart');return toPng(id,el).then(function(u){return[id,u];});}));}).then(function(p){var o={};p.forEach(function(x){o[x[0]]=x[1];});return o;});},
  prepareForPrint:function(){return ready.then(function(){
    [].slice.call(document.querySelectorAll('figure[data-table]')).forEach(function(fig){var input=fig.querySelector('input[type=search]');if(input&&input.value){input.value='';input.dispatchEvent(new Event('input'));}applyPrintLimit(fig);});
    [].slice.call(document.querySelectorAll('details')).forEach(function(d){d.open=false;});
    return Promise.all(chartEls.map(function(el){var id=el.getAttribute('data-chart');if(!window.Plotly||!figures[id])return false;
      return toPng(id,el).then(function(url){var img=new Image();img.className='chart-img';img.alt=el.getAttribute('aria-label')||'';img.src=url;
        return (img.decode?img.decode():Promise.resolve()).then(function(){if(window.Plotly.purge)window.Plotly.purge(el);el.replaceWith(img);return true;});});}));
  }).then(function(r){document.documentElement.classList.add('print-ready');return{charts:chartEls.length,images:r.filter(Boolean).length};});}
};
})();`;

// ── blocks ────────────────────────────────────────────────────────────────────────────────────

function tableHtml(t: TableLike, opts: { printRows?: number; sortable: boolean; cls?: string }): string {
  const wide = t.columns.length > 8 ? ' wide' : '';
  const head = t.columns
    .map((c) => {
      const num = isNumericType(c.type);
      const label = escapeHtml(c.unit ? `${c.label} (${c.unit})` : c.label);
      const title = c.description ? ` title="${escapeHtml(c.description)}"` : '';
      // A span, not a <button>: Chromium drops form-control text from table headers repeated on print pages.
      const inner = opts.sortable ? `<span class="sort" role="button" tabindex="0" title="Sort">${label}</span>` : label;
      return `<th scope="col" data-key="${escapeHtml(c.key)}" data-type="${num ? 'num' : 'text'}" aria-sort="none"${num ? ' class="num"' : ''}${title}>${inner}</th>`;
    })
    .join('');
  const body = t.rows
    .map((row, i) => {
      const extra = opts.printRows !== undefined && i >= opts.printRows ? ' class="print-extra"' : '';
      const cells = t.columns
        .map((c: Column) => {
          const v = row[c.key];
          const shown = formatValue(v, { ...c, unit: undefined });
          return `<td data-v="${escapeHtml(rawText(v))}"${isNumericType(c.type) ? ' class="num"' : ''}>${escapeHtml(shown)}</td>`;
        })
        .join('');
      return `<tr${extra}>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="${opts.cls ?? ''}${wide}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function tableBlockHtml(b: TableBlock, n: number): string {
  const printRows = b.maxPrintRows !== undefined && b.rows.length > b.maxPrintRows ? b.maxPrintRows : undefined;
  const visibleInPrint = printRows ?? b.rows.length;
  const long = visibleInPrint > 45 ? ' long' : ''; // taller than a page: let it break between rows
  const sort = b.sort ? ` data-sort="${escapeHtml(`${b.sort.key}:${b.sort.direction}`)}"` : '';
  const note =
    printRows !== undefined
      ? `<p class="print-note">Showing the first ${printRows} of ${b.rows.length} rows; all rows are in the HTML report and in tables/${escapeHtml(b.id)}.csv of the CSV bundle export.</p>`
      : '';
  return `<figure class="table-block${long}" id="tbl-${escapeHtml(b.id)}" data-table${sort}${printRows !== undefined ? ` data-print-rows="${printRows}"` : ''}>
<figcaption>Table ${n}. ${escapeHtml(b.caption)}</figcaption>
<div class="table-tools"><input type="search" placeholder="Filter rows…" aria-label="Filter rows of table ${n}"><span class="count" aria-live="polite"></span></div>
<div class="table-scroll">${tableHtml(b, { printRows, sortable: true })}</div>${note}
</figure>`;
}

function chartBlockHtml(b: ChartBlock, n: number): string {
  const h = b.height ?? 380;
  const data = chartData(b);
  return `<figure class="chart-block" id="fig-${escapeHtml(b.id)}">
<div class="chart" data-chart="${escapeHtml(b.id)}" data-height="${h}" style="height:${h}px" role="img" aria-label="${escapeHtml(b.caption)}"></div>
<figcaption>Figure ${n}. ${escapeHtml(b.caption)}</figcaption>
<details class="chart-data"><summary>Data (${data.rows.length} rows)</summary><div class="table-scroll">${tableHtml(data, { sortable: false })}</div></details>
</figure>`;
}

function blockHtml(b: Block, counters: { table: number; figure: number }): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
    }
    case 'callout': {
      const label = b.title ?? { info: 'Note', success: 'Success', warning: 'Warning', error: 'Error' }[b.level];
      return `<div class="callout ${b.level}" role="${b.level === 'error' || b.level === 'warning' ? 'alert' : 'note'}"><strong>${escapeHtml(label)}</strong>${escapeHtml(b.text)}</div>`;
    }
    case 'keyMetrics':
      return `<div class="metrics">${b.items
        .map((m) => {
          const d = m.delta ? formatDelta(m.delta) : undefined;
          const delta = d ? `<div class="metric-delta ${d.tone}">${d.arrow} ${escapeHtml(d.text)}</div>` : '';
          const title = m.hint ? ` title="${escapeHtml(m.hint)}"` : '';
          return `<div class="metric"${title}><div class="metric-label">${escapeHtml(m.label)}</div><div class="metric-value">${escapeHtml(formatMetricValue(m))}</div>${delta}</div>`;
        })
        .join('')}</div>`;
    case 'table':
      return tableBlockHtml(b, ++counters.table);
    case 'chart':
      return chartBlockHtml(b, ++counters.figure);
  }
}

export function contentSecurityPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.map((h) => `'sha256-${h}'`).join(' ')}`,
    // Plotly injects its own <style> rules at runtime and sets inline styles.
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const plotly = scriptSafe((options.plotlySource ?? loadPlotlySource()).replace(/\r\n?/g, '\n')); // the HTML parser normalises CRLF, hashes must match
  const app = scriptSafe(APP_JS);
  const counters = { table: 0, figure: 0 };
  const figures: Record<string, unknown> = {};
  for (const s of report.sections) for (const b of s.blocks) if (b.type === 'chart') figures[b.id] = b.figure;

  const meta: [string, string][] = [
    ['Report', KIND_LABELS[report.kind]],
    ['Generated', readableTime(report.generatedAt)],
    ['Workbench', report.appVersion],
  ];
  const i = report.inputs;
  if (i.model) meta.push(['Model', i.model]);
  if (i.preset) meta.push(['Preset', i.preset]);
  if (i.seeds.length) meta.push([i.seeds.length === 1 ? 'Seed' : 'Seeds', i.seeds.length > 6 ? `${i.seeds.slice(0, 5).join(', ')}, … (${i.seeds.length})` : i.seeds.join(', ')]);
  if (i.runIds.length) meta.push([i.runIds.length === 1 ? 'Run' : 'Runs', i.runIds.length > 4 ? `${i.runIds.length} runs` : i.runIds.join(', ')]);
  if (i.snapshotId !== undefined) meta.push(['Firefly snapshot', i.snapshotId ?? 'none']);

  const toc = [...report.sections.map((s) => ({ id: s.id, heading: s.heading })), { id: 'inputs', heading: 'Appendix: inputs' }];
  const sections = report.sections
    .map(
      (s, si) => `<section class="report-section" id="sec-${escapeHtml(s.id)}" aria-labelledby="h-${escapeHtml(s.id)}">
<h2 id="h-${escapeHtml(s.id)}">${si + 1}. ${escapeHtml(s.heading)}</h2>
${s.blocks.map((b) => blockHtml(b, counters)).join('\n')}
</section>`,
    )
    .join('\n');
  const inputsTable = `<table class="kv"><thead><tr><th scope="col">Input</th><th scope="col">Value</th></tr></thead><tbody>${inputRows(report)
    .map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.value)}</td></tr>`)
    .join('')}</tbody></table>`;
  // A report over several runs: one column per run, the inputs that differ marked (in words too,
  // so print and screen readers get it).
  const perRun = runInputTable(report);
  const runInputsHtml = perRun
    ? `<p>Inputs of each compared run; those that differ between the runs are marked <span class="differs-tag">differs</span>.</p>
<div class="table-scroll"><table class="run-inputs${perRun.runs.length > 3 ? ' wide' : ''}" id="run-inputs"><thead><tr><th scope="col">Input</th>${perRun.runs
        .map((r) => `<th scope="col">${escapeHtml(r.heading)}</th>`)
        .join('')}</tr></thead><tbody>${perRun.rows
        .map(
          (r) =>
            `<tr${r.differs ? ' class="differs"' : ''}><th scope="row">${escapeHtml(r.name)}${r.differs ? ' <span class="differs-tag">differs</span>' : ''}</th>${r.values.map((v) => `<td>${escapeHtml(v ?? '—')}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table></div>`
    : '';

  const csp = contentSecurityPolicy([sha256(plotly), sha256(app)]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PMOVES Workbench ${escapeHtml(report.appVersion)}">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(report.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="title-page">
<div class="kind">${escapeHtml(KIND_LABELS[report.kind])} report</div>
<h1>${escapeHtml(report.title)}</h1>
${report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : ''}
<dl>${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p class="brand">PMOVES Workbench · PMOVEStokensim cooperative-economy model</p>
</header>
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc.map((t) => `<li><a href="#sec-${escapeHtml(t.id)}">${escapeHtml(t.heading)}</a></li>`).join('')}</ol></nav>
<main>
${sections}
<section class="report-section" id="sec-inputs" aria-labelledby="h-inputs">
<h2 id="h-inputs">Appendix: inputs</h2>
<p>Everything needed to reproduce this report.</p>
${inputsTable}
${runInputsHtml}
</section>
</main>
<script type="application/json" id="report-figures">${scriptJson(figures)}</script>
<script>${plotly}</script>
<script>${app}</script>
</body>
</html>
`;
}
