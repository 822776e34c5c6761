import { test, expect, Page } from './fixtures';
import { rows, saveLicence } from './helpers';

// The simulated tenant open in two tabs, and reloads: no change is lost.

/** Active users > select `name` > Manage product licenses > Assign more `product` > Save. */
async function assign(page: Page, name: string, product: RegExp) {
  await page.getByRole('searchbox', { name: 'Search users' }).fill(name);
  await expect(rows(page)).toHaveCount(1);
  const dialog = await saveLicence(page, name, product);
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function licences(page: Page, name: string): Promise<string> {
  await page.getByRole('searchbox', { name: 'Search users' }).fill(name);
  const row = rows(page).filter({ hasText: name });
  await expect(row).toHaveCount(1);
  return row.innerText();
}

test('two tabs each make a change, and both are there in either tab and after a reload', async ({ page, context }) => {
  await page.goto('/users/active');
  const other = await context.newPage();
  await other.goto('/users/active');
  await expect(rows(other).first()).toBeVisible();

  await assign(page, 'Lidia Holloway', /Microsoft Entra ID P2/);
  // The second tab has not reloaded: it takes the first tab's change in, then adds its own.
  await expect.poll(() => licences(other, 'Lidia Holloway')).toContain('Microsoft Entra ID P2');
  await assign(other, 'Jane Clayton', /Microsoft Entra ID P2/);
  await expect.poll(() => licences(page, 'Jane Clayton')).toContain('Microsoft Entra ID P2');

  for (const tab of [page, other]) {
    await tab.reload();
    expect(await licences(tab, 'Lidia Holloway')).toContain('Microsoft Entra ID P2');
    expect(await licences(tab, 'Jane Clayton')).toContain('Microsoft Entra ID P2');
  }
  await page.getByRole('link', { name: 'Activity log' }).click();
  const activity = page.getByRole('table', { name: 'Activity' });
  await expect(activity.getByRole('row')).toHaveCount(3); // the header and both changes
  await other.close();
});

test('a change followed at once by a reload is kept, also when the journal is compressed', async ({ page }) => {
  await page.goto('/users/active');
  // Select all users in this view and assign: a bulk change, stored compressed.
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  await expect(page.getByRole('button', { name: /Manage product licenses \(\d+\)/ })).toBeVisible();
  await page.getByRole('button', { name: /Manage product licenses \(\d+\)/ }).click();
  const dialog = page.getByRole('dialog', { name: /Manage product licenses for \d+ users/ });
  await dialog.getByRole('checkbox', { name: /Microsoft Power Automate Free/ }).check();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Netherlands' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/\d+ succeeded/);
  const stored = await page.evaluate(() => localStorage.getItem('tenant-desk.simulation') ?? '');
  expect(stored.startsWith('gzip:'), 'a bulk change is stored compressed').toBe(true);
  await page.reload();
  expect(await licences(page, 'Lidia Holloway')).toContain('Power Automate');
  await assign(page, 'Jane Clayton', /Microsoft Entra ID P2/);
  await page.reload();
  expect(await licences(page, 'Jane Clayton')).toContain('Microsoft Entra ID P2');
});

test('a change made in another tab while a bulk change runs is kept by both', async ({ page, context }) => {
  // A generated tenant of 100,000 users (about 10,000 guests), so that the bulk change
  // runs long enough for the other tab's change to land in the middle of it.
  await context.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: '{ "backend": "simulated", "tenant": { "kind": "generated", "users": 100000, "seed": 1 } }',
  }));
  const other = await context.newPage();
  await other.goto('/users/active?view=unlicensed');
  const unlicensed = rows(other).first();
  await expect(unlicensed).toBeVisible({ timeout: 30_000 });
  const name = (await unlicensed.locator('.name').innerText()).trim();
  await other.getByRole('checkbox', { name: `Select ${name}` }).click();
  await other.getByRole('button', { name: 'Manage product licenses (1)' }).click();
  const single = other.getByRole('dialog', { name: 'Manage product licenses for 1 user' });
  await single.getByRole('checkbox', { name: /Power BI \(free\)/ }).check();
  await single.getByRole('combobox', { name: 'Usage location' }).selectOption('US');
  await single.getByRole('button', { name: 'Review changes' }).click();

  await page.goto('/users/active?view=guests');
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  await page.getByRole('button', { name: /^Manage product licenses \([\d,]+\)$/ }).click({ timeout: 30_000 });
  const bulk = page.getByRole('dialog', { name: /Manage product licenses for [\d,]+ users/ });
  await bulk.getByRole('checkbox', { name: /Power BI \(free\)/ }).check();
  await bulk.getByRole('combobox', { name: 'Usage location' }).selectOption('US');
  await bulk.getByRole('button', { name: 'Review changes' }).click();
  await bulk.getByRole('button', { name: 'Save changes' }).click();
  const saving = bulk.getByRole('progressbar', { name: 'Saving changes' });
  await expect(saving).toBeVisible();

  // The other tab's change goes in while the bulk change runs without the tabs' lock ...
  await single.getByRole('button', { name: 'Save changes' }).click();
  await expect(single.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  await expect(saving, 'the bulk change was still running').toBeVisible();
  // ... and the bulk change's end takes it in before it saves.
  await expect(bulk.getByRole('status')).toHaveText(/^[\d,]+ succeeded, 0 failed\.$/, { timeout: 60_000 });

  for (const tab of [page, other]) {
    await tab.goto('/users/active');
    await tab.getByRole('searchbox', { name: 'Search users' }).fill(name);
    await expect(rows(tab).filter({ hasText: name }).first()).toContainText('Power BI (free)', { timeout: 30_000 });
    await tab.goto('/users/active?view=guests');
    await expect(rows(tab).first()).toContainText('Power BI (free)', { timeout: 30_000 });
  }
  await other.close();
});
