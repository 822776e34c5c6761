import { test, expect, Page } from './fixtures';
import { expectFound, rows, violations, DEMO_GUESTS } from './helpers';

for (const path of ['/', '/users/active', '/users/guests', '/users/deleted', '/groups', '/billing/licenses', '/entra/users', '/entra/groups', '/entra/licenses', '/activity', '/training', '/training/licenses-page-assign-three', '/no/such/page']) {
  test(`no WCAG 2.1 AA violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await violations(page)).toEqual([]);
  });
}

test('no WCAG 2.1 AA violations in the side panel, the filter menu and the licence dialogs', async ({ page }) => {
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  await rows(page).first().click();
  const panel = page.getByRole('dialog').first();
  await expect(panel).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await page.goto('/entra/users');
  await page.getByRole('button', { name: '+ Add filters' }).click();
  await expect(page.getByRole('dialog', { name: 'Pick a field' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await page.goto('/users/active');
  await page.getByRole('checkbox', { name: 'Select Jane Clayton' }).click();
  await page.getByRole('button', { name: 'Manage product licenses (1)' }).click();
  const manage = page.getByRole('dialog', { name: /Manage product licenses/ });
  await expect(manage).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await manage.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await manage.getByRole('button', { name: 'Review changes' }).click();
  await expect(manage.getByRole('table', { name: 'Preview' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await page.goto('/users/guests');
  await page.getByRole('button', { name: 'Invite guest user' }).click();
  await expect(page.getByRole('dialog', { name: 'Invite guest user' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
