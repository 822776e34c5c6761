import { test, expect, Page } from './fixtures';
import { rows, saveLicence } from './helpers';

// The app over Graph where every answer takes 1.5 s and 30 % are throttled
// (graph-server --latency-ms 1500 --throttle-rate 0.3 --retry-after 1):
// leaving a page while its requests are out must not break the app (the crash watch of
// ./fixtures fails the test on any panic).

const nav = (page: Page) => page.getByRole('navigation', { name: 'Admin centers' });

test('leaving Active users, the export and an open assign dialog mid-request leaves the app working', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('tenant-name')).toHaveText(/Contoso/, { timeout: 15_000 });

  // Active users, left before its first page arrives.
  await nav(page).getByRole('link', { name: 'Active users' }).click();
  await expect(page.getByTestId('found')).toHaveText('Loading users…');
  await nav(page).getByRole('link', { name: 'Licenses', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Licenses', level: 1 })).toBeVisible();
  await page.waitForTimeout(2_500); // the users page's answer arrives after it is gone

  // The export, left while it pages through the users.
  await nav(page).getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Export users' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Exporting' })).toBeVisible();
  await nav(page).getByRole('link', { name: 'Home', exact: true }).click();
  await page.waitForTimeout(2_500);

  // Manage product licenses, saving, left with the browser's Back button.
  await nav(page).getByRole('link', { name: 'Active users' }).click();
  const dialog = await saveLicence(page, 'Lidia Holloway', /Microsoft Entra ID P2/);
  await expect(dialog.getByRole('progressbar', { name: 'Saving changes' })).toBeVisible();
  await page.goBack();
  await expect(dialog).toBeHidden();
  await page.waitForTimeout(2_500);

  // Entra's Assign dialog, left while its groups load.
  // In the app, not a reload: a reload would end the save still waiting out a throttle.
  await nav(page).getByRole('link', { name: 'All products' }).click();
  await page.getByRole('link', { name: 'Office 365 E5' }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Assign license' })).toContainText('Loading groups');
  await page.goBack();
  await page.waitForTimeout(2_500);

  // The app still works: the next page loads, and the change saved meanwhile (throttled
  // batches sent again) is there.
  await nav(page).getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).filter({ hasText: 'Lidia Holloway' })).toContainText('Microsoft Entra ID P2', { timeout: 30_000 });
});

test('a bulk change on a throttled tenant finishes with the outcome the preview promised', async ({ page }) => {
  await page.goto('/users/active');
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  const manage = page.getByRole('button', { name: /Manage product licenses \(\d+\)/ });
  await expect(manage).toBeVisible({ timeout: 30_000 });
  await manage.click();
  const dialog = page.getByRole('dialog', { name: /Manage product licenses for \d+ users/ });
  await dialog.getByRole('checkbox', { name: /Microsoft Power Automate Free/ }).check();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Netherlands' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  const preview = (await dialog.getByRole('status').innerText()).match(/(\d+) of (\d+) users will change; (\d+) would fail/);
  expect(preview).not.toBeNull();
  const [, , total, failing] = preview!.map(Number);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  // Throttled batches are sent again after Retry-After: every user ends as previewed.
  await expect(dialog.getByRole('status').filter({ hasText: 'succeeded' })).toHaveText(`${total - failing} succeeded, ${failing} failed.`, { timeout: 90_000 });
});
