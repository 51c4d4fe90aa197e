import { useEffect, useRef, useState } from 'react';
import { useShell } from '../App';
import { download, safeFileName, toCsv } from './csv';

/** Minimal Plotly types we use (the dist bundle has no types of its own). */
export interface Trace {
  type?: string;
  x?: unknown[];
  y?: unknown[];
  z?: unknown[][];
  name?: string;
  mode?: string;
  fill?: string;
  line?: Record<string, unknown>;
  marker?: Record<string, unknown>;
  [k: string]: unknown;
}

type PlotlyModule = {
  react: (el: HTMLElement, data: Trace[], layout: object, config: object) => Promise<unknown>;
  purge: (el: HTMLElement) => void;
  toImage: (el: HTMLElement, opts: object) => Promise<string>;
  Plots: { resize: (el: HTMLElement) => void };
};

let plotly: Promise<PlotlyModule> | null = null;
/** Plotly is loaded on first use only, as its own chunk (never in the initial bundle). */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-dist-min').then((m) => ((m as unknown as { default?: PlotlyModule }).default ?? (m as unknown as PlotlyModule)));
  return plotly;
}

export interface ChartProps {
  title: string;
  data: Trace[];
  layout?: Record<string, unknown>;
  height?: number;
  /** Columns for the CSV export; default: one x column and one y column per trace. */
  csv?: { header: string[]; rows: (string | number | null)[][] };
  /** Short description for screen readers (what the chart shows). */
  description?: string;
}

function defaultCsv(data: Trace[]) {
  const xs = (data[0]?.x ?? []) as unknown[];
  const header = ['x', ...data.map((t, i) => t.name ?? `series ${i + 1}`)];
  const rows = xs.map((x, r) => [x as string | number, ...data.map((t) => ((t.y as unknown[] | undefined)?.[r] as number | null) ?? null)]);
  return { header, rows };
}

/** A Blob from a data: URL (base64 or percent-encoded), without fetch(). */
export function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const type = meta.split(';')[0] || 'application/octet-stream';
  if (meta.endsWith(';base64')) {
    const bin = atob(body);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(body)], { type });
}

export function Chart({ title, data, layout, height = 320, csv, description }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const { theme } = useShell();
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const dark = theme === 'dark';
    const fg = dark ? '#e6e9ee' : '#1b1f24';
    const grid = dark ? '#2f3640' : '#e3e7ec';
    loadPlotly()
      .then((P) => {
        if (cancelled || !el.current) return;
        return P.react(
          el.current,
          data,
          {
            title: { text: title, font: { size: 14 }, x: 0, xanchor: 'left' },
            height,
            margin: { l: 60, r: 20, t: 56, b: 48 },
            paper_bgcolor: 'rgba(0,0,0,0)',
            plot_bgcolor: 'rgba(0,0,0,0)',
            font: { color: fg, family: 'system-ui, sans-serif', size: 12 },
            // Legend above the plot, right-aligned, so it never collides with the x-axis title.
            legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' },
            ...layout,
            // Themed axes merged last so a view's own axis settings keep the theme's grid colours.
            xaxis: { gridcolor: grid, zerolinecolor: grid, ...((layout?.xaxis as object) ?? {}) },
            yaxis: { gridcolor: grid, zerolinecolor: grid, ...((layout?.yaxis as object) ?? {}) },
            ...(layout?.polar
              ? {
                  polar: {
                    bgcolor: 'rgba(0,0,0,0)',
                    ...(layout.polar as object),
                    radialaxis: { gridcolor: grid, linecolor: grid, ...(((layout.polar as Record<string, unknown>).radialaxis as object) ?? {}) },
                    angularaxis: { gridcolor: grid, linecolor: grid, ...(((layout.polar as Record<string, unknown>).angularaxis as object) ?? {}) },
                  },
                }
              : {}),
          },
          // No upload button: Plotly 4 adds "Share chart..." (sendChartToCloud), which posts the chart's data to Plotly Cloud.
          { responsive: true, displaylogo: false, showSendToCloud: false, showLink: false, modeBarButtonsToRemove: ['sendDataToCloud', 'sendChartToCloud', 'toImage'] },
        ).then(() => !cancelled && setReady(true));
      })
      .catch((e) => !cancelled && setError(String(e?.message ?? e)));
    return () => {
      cancelled = true;
    };
  }, [data, layout, title, height, theme]);

  useEffect(() => {
    const node = el.current;
    return () => {
      if (node) void loadPlotly().then((P) => P.purge(node));
    };
  }, []);

  const exportImage = async (format: 'png' | 'svg') => {
    if (!el.current) return;
    const P = await loadPlotly();
    const url = await P.toImage(el.current, { format, width: 1000, height: Math.max(height, 400), scale: format === 'png' ? 2 : 1 });
    // Decode the data: URL here; fetch() of it is (rightly) blocked by the CSP's connect-src 'self'.
    download(`${safeFileName(title)}.${format}`, dataUrlToBlob(url));
  };
  const exportCsv = () => {
    const c = csv ?? defaultCsv(data);
    download(`${safeFileName(title)}.csv`, toCsv(c.header, c.rows));
  };

  return (
    <figure className="chart" aria-label={title}>
      {description ? <figcaption className="sr-only">{description}</figcaption> : null}
      {error ? (
        <p role="alert" className="callout error">
          Chart failed to render: {error}
        </p>
      ) : null}
      <div ref={el} className="chart-area" style={{ minHeight: height }} data-ready={ready ? 'true' : 'false'} />
      <div className="chart-actions" role="group" aria-label={`Export ${title}`}>
        <button type="button" onClick={() => void exportImage('png')} disabled={!ready}>
          PNG
        </button>
        <button type="button" onClick={() => void exportImage('svg')} disabled={!ready}>
          SVG
        </button>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
      </div>
    </figure>
  );
}
