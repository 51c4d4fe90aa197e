/** The DoX result's dashboard link: the datavzrd command reads as code, with no stray backticks. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DashboardLink } from '../../../src-renderer/dox/PushResultView';

describe('DashboardLink', () => {
  it('a dashboard that did not answer names the datavzrd command as code, not in `backticks`', () => {
    const html = renderToStaticMarkup(<DashboardLink url="http://127.0.0.1:5173/" ready={false} />);
    expect(html).toContain('<code>docker compose --profile tools up -d datavzrd</code>');
    expect(html).not.toContain('`');
  });

  it('a ready dashboard shows only its address', () => {
    const html = renderToStaticMarkup(<DashboardLink url="http://127.0.0.1:5173/" ready />);
    expect(html).toContain('(http://127.0.0.1:5173/)');
    expect(html).not.toContain('docker compose');
  });
});
