import { describe, expect, it } from 'vitest';
import { openSection } from '../../helpers/flows';
import { useApp } from '../../helpers/app';

/** Monte Carlo's seed follows Settings' default seed until the user types one, as Simulate's does. */
describe('Monte Carlo default seed (serve mode)', () => {
  const app = useApp();

  it('takes a default seed saved after the section was first opened, and keeps a typed one', async () => {
    await openSection(app.page, 'Monte Carlo');
    await expect.poll(() => app.page.locator('#mc-seed').inputValue()).toBe('42');
    await openSection(app.page, 'Settings');
    await app.page.locator('#set-seed').fill('1234');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByText('Saved.').waitFor();
    await openSection(app.page, 'Monte Carlo');
    expect(await app.page.locator('#mc-seed').inputValue()).toBe('1234');
    expect(await app.page.locator('main section p.muted').first().textContent()).toContain('(seed 1234, run indices');
    // A seed the user typed stays when the default changes again.
    await app.page.locator('#mc-seed').fill('7');
    await openSection(app.page, 'Settings');
    await app.page.locator('#set-seed').fill('99');
    await app.page.getByRole('button', { name: 'Save settings' }).click();
    await app.page.getByText('Saved.').waitFor();
    await openSection(app.page, 'Monte Carlo');
    expect(await app.page.locator('#mc-seed').inputValue()).toBe('7');
  });
});
