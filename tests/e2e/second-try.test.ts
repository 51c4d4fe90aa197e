/**
 * What a first-time user's walk found on the second try of an action: the second one must say
 * what it did to the first one's result.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app';

describe('second tries (serve + Chromium)', () => {
  const app = useApp({ prefix: 'wb-e2e-second-', page: { viewport: { width: 1280, height: 900 } } });

  it('Simulate: saving a parameter set under a name that exists says it replaces that set', async () => {
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    const name = app.page.locator('#set-name');
    await app.page.getByLabel('Average weekly income ($)').fill('180');
    await name.fill('Higher income');
    await app.page.getByRole('button', { name: 'Save current' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved “Higher income”.' }).waitFor();

    await app.page.getByLabel('Average weekly income ($)').fill('220');
    await name.fill('Higher income');
    // Before: the button and a note say what saving will do (it read "Save current" and said "Saved").
    const replace = app.page.getByRole('button', { name: 'Replace saved set' });
    await replace.waitFor();
    expect(await app.page.locator('#set-replace').textContent()).toBe('A set named “Higher income” exists: saving replaces its values.');
    await replace.click();
    await app.page.getByRole('status').filter({ hasText: 'Replaced “Higher income” with the current parameters.' }).waitFor();
    expect(await app.page.getByRole('button', { name: /^Load / }).count()).toBe(1);
    // A new name is a new set, as before.
    await name.fill('Other');
    await app.page.getByRole('button', { name: 'Save current' }).waitFor();
    expect(await app.page.locator('#set-replace').count()).toBe(0);
  });

  it('Simulate: a deleted parameter set comes back with Undo, unless a set of that name was saved since', async () => {
    await app.page.goto(app.served.url + '/#/simulate');
    await app.page.locator('main h1', { hasText: 'Simulate' }).waitFor();
    const name = app.page.locator('#set-name');
    const income = app.page.getByLabel('Average weekly income ($)');
    await income.fill('190');
    await name.fill('Undo me');
    await app.page.getByRole('button', { name: 'Save current' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved “Undo me”.' }).waitFor();

    await app.page.getByRole('button', { name: 'Delete Undo me' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Deleted “Undo me”.' }).waitFor();
    expect(await app.page.getByRole('button', { name: 'Load Undo me' }).count()).toBe(0);
    await app.page.getByRole('button', { name: 'Undo deleting Undo me' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Restored “Undo me”.' }).waitFor();
    // The restored set has the deleted one's values.
    await income.fill('120');
    await app.page.getByRole('button', { name: 'Load Undo me' }).click();
    await expect.poll(() => income.inputValue()).toBe('190');

    // Deleted again, then a new set saved under the name: Undo does not overwrite it.
    await app.page.getByRole('button', { name: 'Delete Undo me' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Deleted “Undo me”.' }).waitFor();
    const undo = app.page.getByRole('button', { name: 'Undo deleting Undo me' });
    await income.fill('150');
    await name.fill('Undo me');
    // Saving clears the Undo (it would name a set that now exists).
    await app.page.getByRole('button', { name: 'Save current' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved “Undo me”.' }).waitFor();
    expect(await undo.count()).toBe(0);
    await income.fill('120');
    await app.page.getByRole('button', { name: 'Load Undo me' }).click();
    await expect.poll(() => income.inputValue()).toBe('150');
  });
});
