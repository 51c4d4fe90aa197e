import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appCsp,
  isAllowedNavigation,
  isExternalLinkAllowed,
  isTrustedSender,
  parseIpcRequest,
  permissionDecision,
  resolveAppFile,
  appMethodAllowed,
  windowOptions,
} from '../../../src-main/electron/security';

describe('Electron window options', () => {
  const wp = windowOptions('/x/preload.cjs').webPreferences;
  it('isolates the renderer: contextIsolation, sandbox, no node integration anywhere', () => {
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webviewTag).toBe(false);
  });
  it('keeps web security on and insecure content off', () => {
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.preload).toBe('/x/preload.cjs');
  });
  it('carries the app icon when given one, and the same secure webPreferences either way', () => {
    const withIcon = windowOptions('/x/preload.cjs', '/x/favicon.png');
    expect(withIcon.icon).toBe('/x/favicon.png');
    expect(withIcon.webPreferences).toEqual(wp);
    expect('icon' in windowOptions('/x/preload.cjs')).toBe(false);
  });
});

describe('CSP', () => {
  const csp = appCsp();
  const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(name + ' '));
  it('allows scripts only from the app itself: no inline, no eval, no remote', () => {
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/https?:/);
  });
  it('blocks objects, base-uri, forms and framing by others', () => {
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('default-src')).toBe("default-src 'self'");
  });
});

describe('navigation and links', () => {
  it('allows in-app navigation only inside app://workbench', () => {
    expect(isAllowedNavigation('app://workbench/index.html#/simulate')).toBe(true);
    expect(isAllowedNavigation('app://evil/index.html')).toBe(false);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });
  it('hands only https (and loopback http) links to the OS browser', () => {
    expect(isExternalLinkAllowed('https://docs.firefly-iii.org/')).toBe(true);
    expect(isExternalLinkAllowed('http://127.0.0.1:8484/dash')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com/')).toBe(false);
    expect(isExternalLinkAllowed('file:///tmp/x')).toBe(false);
    expect(isExternalLinkAllowed('smb://host/share')).toBe(false);
  });
  it('also hands links to the configured Firefly III / DoX servers\' own origins to the OS browser, over http too', () => {
    const configured = ['http://firefly.lan:8080', null, 'http://dox.lan:8484/'];
    expect(isExternalLinkAllowed('http://firefly.lan:8080/transactions/show/12', configured)).toBe(true);
    expect(isExternalLinkAllowed('http://dox.lan:8484/artifacts', configured)).toBe(true);
    expect(isExternalLinkAllowed('http://firefly.lan:8081/', configured)).toBe(false);
    expect(isExternalLinkAllowed('http://firefly.lan.evil.com:8080/', configured)).toBe(false);
    expect(isExternalLinkAllowed('http://user:pw@firefly.lan:8080/', configured)).toBe(false);
    expect(isExternalLinkAllowed('http://other.lan/', configured)).toBe(false);
    expect(isExternalLinkAllowed('file:///tmp/x', ['file:///tmp/x'])).toBe(false);
    expect(isExternalLinkAllowed('http://firefly.lan:8080/', ['not a url'])).toBe(false);
  });
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(permissionDecision(p)).toBe(false);
  });
});

describe('IPC gate', () => {
  it('trusts only the app origin in the main frame', () => {
    expect(isTrustedSender('app://workbench/index.html', true)).toBe(true);
    expect(isTrustedSender('app://workbench/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
  it('checks the request envelope and names the bad field', () => {
    expect(parseIpcRequest({ op: 'health', input: {} })).toEqual({ op: 'health', input: {}, jobId: undefined });
    expect(parseIpcRequest(null)).toHaveProperty('error');
    expect(parseIpcRequest([1])).toHaveProperty('error');
    expect((parseIpcRequest({ op: 42 }) as { error: string }).error).toMatch(/^op:/);
    expect((parseIpcRequest({ op: 'health', jobId: '../../x' }) as { error: string }).error).toMatch(/^jobId:/);
    expect((parseIpcRequest({ op: 'x'.repeat(101) }) as { error: string }).error).toMatch(/^op:/);
  });
  it('resolves app:// URLs inside the renderer folder and refuses escapes', () => {
    const root = path.resolve('/srv/renderer');
    expect(resolveAppFile('app://workbench/assets/a.js', root, path.join, path.sep)).toBe(path.join(root, 'assets/a.js'));
    expect(resolveAppFile('app://workbench/', root, path.join, path.sep)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://workbench/..%2f..%2fetc/passwd', root, path.join, path.sep)).toBeNull();
    expect(resolveAppFile('app://other/a.js', root, path.join, path.sep)).toBeNull();
    // A malformed %-escape must not throw inside the protocol handler (it would reject the request).
    expect(resolveAppFile('app://workbench/%E0%A4%A', root, path.join, path.sep)).toBeNull();
  });
  it('app:// answers GET and HEAD only (static files; a POST or PUT is a 405)', () => {
    expect(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'get'].map(appMethodAllowed)).toEqual([true, true, false, false, false, false, false]);
  });
});
