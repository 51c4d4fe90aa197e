import { describe, expect, it } from 'vitest';
import { assertLoopbackBind, fetchSiteAllowed, hostAllowed, newToken, originAllowed, parseCookies, tokenValid } from '../../../src-main/transports/httpSecurity';

describe('serve security rules', () => {
  it('binds to loopback only', () => {
    expect(() => assertLoopbackBind('127.0.0.1')).not.toThrow();
    expect(() => assertLoopbackBind('0.0.0.0')).toThrow(/loopback only/);
    expect(() => assertLoopbackBind('192.168.1.10')).toThrow(/loopback only/);
    expect(() => assertLoopbackBind('::')).toThrow();
  });
  it('accepts only loopback Host headers with our port (DNS rebinding defence)', () => {
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('[::1]:4000', 4000)).toBe(true);
    expect(hostAllowed('127.0.0.1:4001', 4000)).toBe(false);
    expect(hostAllowed('evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed('127.0.0.1.evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed(undefined, 4000)).toBe(false);
  });
  it('accepts no Origin (same-origin GET, CLI) or our own origin only', () => {
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(originAllowed('http://localhost:4000', 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4001', 4000)).toBe(false);
    expect(originAllowed('https://127.0.0.1:4000', 4000)).toBe(false);
    expect(originAllowed('https://evil.example', 4000)).toBe(false);
    expect(originAllowed('null', 4000)).toBe(false);
  });
  it('requires the exact token from a Bearer header or the cookie', () => {
    const t = newToken();
    expect(t.length).toBeGreaterThanOrEqual(40);
    expect(newToken()).not.toBe(t);
    expect(tokenValid(t, { authorization: `Bearer ${t}` })).toBe(true);
    expect(tokenValid(t, { cookie: `a=1; wb_token=${t}` })).toBe(true);
    expect(tokenValid(t, {})).toBe(false);
    expect(tokenValid(t, { authorization: `Bearer ${t}x` })).toBe(false);
    expect(tokenValid(t, { cookie: `wb_token=${t.slice(1)}` })).toBe(false);
  });
  it('lets in requests of our own pages, typed/launched URLs, links to the app and clients without Fetch Metadata; refuses other pages\' requests', () => {
    const nav = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    expect(fetchSiteAllowed('GET', {})).toBe(true);
    expect(fetchSiteAllowed('POST', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' })).toBe(true);
    expect(fetchSiteAllowed('GET', { 'sec-fetch-site': 'none', ...nav })).toBe(true);
    expect(fetchSiteAllowed('GET', { 'sec-fetch-site': 'same-site', ...nav })).toBe(true);
    expect(fetchSiteAllowed('GET', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' })).toBe(false);
    expect(fetchSiteAllowed('GET', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' })).toBe(false);
    expect(fetchSiteAllowed('POST', { 'sec-fetch-site': 'cross-site', ...nav })).toBe(false);
    expect(fetchSiteAllowed('GET', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' })).toBe(false);
  });
  it('parses cookies', () => {
    expect(parseCookies('a=1; b=x%20y')).toEqual({ a: '1', b: 'x y' });
    expect(parseCookies(undefined)).toEqual({});
  });
  it('skips a cookie with a malformed %-escape instead of throwing (a 401, not a 500)', () => {
    expect(parseCookies('wb_token=%E0%A4%A; b=1')).toEqual({ b: '1' });
    expect(tokenValid('abc', { cookie: 'wb_token=%E0%A4%A' })).toBe(false);
  });
});
