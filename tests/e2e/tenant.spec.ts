import { test, expect } from './fixtures';
import { column, expectFound, invite, rows, grid, DEMO_GUESTS } from './helpers';

test('an invited guest survives a reload, and Reset tenant restores the demo', async ({ page }) => {
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  const dialog = await invite(page, 'zoe.parker@contoso-partner.com', 'Zoe Parker');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation sent to Zoe Parker' })).toBeVisible();
  await expectFound(page, DEMO_GUESTS + 1);
  await expect(rows(page).filter({ hasText: 'Zoe Parker' })).toContainText('Pending acceptance');
  await page.reload();
  await expectFound(page, DEMO_GUESTS + 1);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Reset tenant' }).click();
  await expectFound(page, DEMO_GUESTS);
  await page.reload();
  await expectFound(page, DEMO_GUESTS);
});

test('bad and duplicate addresses are refused with the reason, and nothing typed is lost', async ({ page }) => {
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  const dialog = await invite(page, 'not-an-address', 'Nobody');
  await expect(dialog.getByRole('alert')).toHaveText(/Enter a valid email address/);
  await expect(dialog.getByRole('textbox', { name: 'Display name' })).toHaveValue('Nobody');
  await dialog.getByRole('textbox', { name: 'Email address' }).fill('ana.costa@fabrikam.com');
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog.getByRole('alert')).toContainText('already exists in the directory');
  await expect(dialog.getByRole('textbox', { name: 'Email address' })).toHaveValue('ana.costa@fabrikam.com');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expectFound(page, DEMO_GUESTS);
});

test('a user name holding HTML is shown as text', async ({ page }) => {
  await page.goto('/users/guests');
  const evil = '<img src=x onerror="window.__pwned=1"><b>Eve</b>';
  await invite(page, 'eve@evil.example', evil);
  await expectFound(page, DEMO_GUESTS + 1);
  await expect(grid(page).getByText(evil, { exact: true })).toBeVisible();
  expect(await grid(page).locator('img, b').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
});

test('a corrupt saved tenant is reported and reset, not a crash', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('tenant-desk.simulation', '{"version":1,"seed":{"kind":"demo"},"entries":[{"broken":true}]}'));
  await page.goto('/users/guests');
  await expect(page.getByRole('alert')).toContainText("The saved tenant couldn't be loaded.");
  await page.getByRole('alert').getByRole('button', { name: 'Reset tenant' }).click();
  await expectFound(page, DEMO_GUESTS);
  await page.evaluate(() => localStorage.setItem('tenant-desk.simulation', '{"version":0}'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('older version');
  await page.evaluate(() => localStorage.setItem('tenant-desk.simulation', 'gzip:bm90IGd6aXA='));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('saved tenant is damaged');
});

test('a bulk change is stored compressed and survives a reload', async ({ page }) => {
  await page.goto('/users/active');
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  const manage = page.getByRole('button', { name: /^Manage product licenses \(\d+\)$/ });
  await manage.click();
  const dialog = page.getByRole('dialog', { name: /Manage product licenses for/ });
  await dialog.getByRole('checkbox', { name: /Power BI \(free\)/ }).check();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption('US');
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toContainText('succeeded');
  const stored = () => page.evaluate(() => localStorage.getItem('tenant-desk.simulation') ?? '');
  await expect.poll(async () => (await stored()).slice(0, 5)).toBe('gzip:');
  // Far smaller than the journal itself.
  const compressed = (await stored()).length;
  const plain = await page.evaluate(async (s) => {
    const bytes = Uint8Array.from(atob(s.slice(5)), (c) => c.charCodeAt(0));
    return (await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()).length;
  }, await stored());
  expect(compressed * 3).toBeLessThan(plain);
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Activity log' }).click();
  const latest = page.getByRole('table', { name: 'Activity' }).getByRole('row').nth(1);
  await expect(latest).toContainText(/Licenses changed for \d+ users; usage location set for \d+ users/);
  const before = await latest.textContent();
  await page.reload();
  await expect(latest).toHaveText(before!);
});

test('acting as another admin changes the signed-in role', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('signed-in')).toContainText('Kelley Wall');
  await expect(page.getByTestId('signed-in')).toContainText('Global admin');
  await page.getByRole('combobox', { name: 'Act as' }).selectOption({ label: 'Lee Gu (Global reader)' });
  await expect(page.getByTestId('signed-in')).toContainText('Lee Gu');
  await expect(page.getByTestId('signed-in')).toContainText('Global reader');
  await page.goto('/users/guests');
  await invite(page, 'new.person@fabrikam.com', 'New Person');
  await expect(page.getByRole('dialog', { name: 'Invite guest user' }).getByRole('alert')).toContainText('Insufficient privileges');
});

test('unknown paths show the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Home' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
});

test('sorting by display name follows the column header', async ({ page }) => {
  await page.goto('/users/active?view=guests');
  await expectFound(page, DEMO_GUESTS);
  await grid(page).getByRole('button', { name: 'Display name' }).click();
  const asc = await column(page, 'Display name');
  expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  await grid(page).getByRole('button', { name: /Display name/ }).click();
  const desc = await column(page, 'Display name');
  expect(desc).toEqual([...asc].reverse());
  await expect(page).toHaveURL(/sort=displayName&desc=1/);
});

test('when the browser storage is full, the page says the changes are not saved', async ({ page }) => {
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  // Fill this site's storage almost to the brim.
  await page.evaluate(() => {
    let k = 0;
    for (const size of [1_000_000, 100_000, 10_000, 1_000, 100, 10]) {
      for (;;) {
        try { localStorage.setItem(`filler${k}`, 'x'.repeat(size)); k++; } catch { break; }
      }
    }
  });
  await invite(page, 'full.storage@fabrikam.com', 'Full Storage');
  await expectFound(page, DEMO_GUESTS + 1);
  await expect(page.getByRole('alert')).toContainText("The latest changes couldn't be saved in this browser.");
  // Space again: the next change is saved and the warning goes.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler')).forEach((k) => localStorage.removeItem(k)));
  await invite(page, 'space.again@fabrikam.com', 'Space Again');
  await expectFound(page, DEMO_GUESTS + 2);
  await expect(page.getByText("The latest changes couldn't be saved in this browser.")).toBeHidden();
  await page.reload();
  await expectFound(page, DEMO_GUESTS + 2);
});

test('a missing or broken config.json falls back to the demo tenant and says why', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/users/active');
  await expect(page.getByText('config.json could not be read (HTTP 404); using the demo tenant.')).toBeVisible();
  await expect(rows(page).filter({ hasText: 'Kelley Wall' })).toBeVisible();

  await page.unroute('**/config.json');
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{ "backend": "graph" }' }));
  await page.reload();
  await expect(page.getByText(/^config\.json is not valid \(.+\); using the demo tenant\.$/)).toBeVisible();
  await expect(rows(page).filter({ hasText: 'Kelley Wall' })).toBeVisible();
});

test('when the simulated tenant cannot start, the page says so and why instead of waiting', async ({ page }) => {
  // The worker's script is gone (a broken deployment): the engine never loads.
  await page.route(/tenant-worker-loader-[0-9a-f]+\.js$/, (r) => r.fulfill({ status: 404, body: 'not here' }));
  await page.goto('/users/active');
  await expect(page.getByRole('alert')).toContainText('The simulated tenant did not answer');
  await expect(page.getByText('Loading users…')).toBeHidden();
  await expect(page.getByTestId('found')).toHaveText("Users couldn't be loaded");
  // The rest of the app still works: another page says the same, and nothing hangs.
  await page.getByRole('link', { name: 'Licenses', exact: true }).first().click();
  await expect(page.getByRole('alert').first()).toContainText('The simulated tenant did not answer');
});

test('the engine runs in its own worker: its files load there, and the page starts it once', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  expect(workers.length).toBe(2);
  expect(workers.every((w) => /^\/tenant-worker-loader-[0-9a-f]{16}\.js$/.test(w))).toBe(true);
});
