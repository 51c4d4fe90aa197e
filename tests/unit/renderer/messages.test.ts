import { describe, expect, it } from 'vitest';
import { inPageWords } from '../../../src-renderer/api/messages';

describe('inPageWords: API errors under the page\'s labels', () => {
  it('drops the op prefix and names the field as labelled', () => {
    expect(inPageWords('invalid input for settings.set: reportsDir: must be an absolute folder', 'settings.set', { reportsDir: 'Reports folder' })).toBe('Reports folder: must be an absolute folder');
    expect(inPageWords('jwt: not a JWT (three base64url parts)', 'dox.setJwt', { jwt: 'DoX JWT' })).toBe('DoX JWT: not a JWT (three base64url parts)');
  });
  it('leaves other messages and other ops alone', () => {
    expect(inPageWords('cannot write to /x: EACCES', 'settings.set', { reportsDir: 'Reports folder' })).toBe('cannot write to /x: EACCES');
    expect(inPageWords('invalid input for dox.push: jwt: x', 'settings.set', { jwt: 'DoX JWT' })).toBe('invalid input for dox.push: jwt: x');
    expect(inPageWords('invalid input for settings.set: theme: bad', 'settings.set', { reportsDir: 'Reports folder' })).toBe('theme: bad');
  });
});
