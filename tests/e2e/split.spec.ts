import { test, expect, Page } from './fixtures';
import { rows } from './helpers';

// The release build's wasm is split (scripts/split-app.mjs): the users lists load with
// the main module only, and every other page's or dialog's code comes in a chunk fetched
// the first time it shows.

/** The app's wasm files the page fetches from now on (the worker's left out), by name. */
function appWasm(page: Page) {
  const fetched: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm') && !path.includes('tenant-worker')) fetched.push(path.slice(path.lastIndexOf('/') + 1));
  });
  return fetched;
}

test('the users list loads the main module only; a page\'s code comes when the page is first shown', async ({ page }) => {
  const fetched = appWasm(page);
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  expect(fetched).toEqual(['tenant-desk_bg.wasm']);

  const nav = page.getByRole('navigation', { name: 'Admin centers' });
  await nav.getByRole('link', { name: 'Licenses', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Licenses', level: 1 })).toBeVisible();
  expect(fetched).toContain('split_licences.wasm');
  expect(fetched).not.toContain('split_azure.wasm');

  // Back and forth: each chunk is fetched once.
  await nav.getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).first()).toBeVisible();
  await nav.getByRole('link', { name: 'Licenses', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Licenses', level: 1 })).toBeVisible();
  expect(fetched.filter((f) => f === 'split_licences.wasm')).toHaveLength(1);
});

test('a page whose code cannot be fetched says so in its place, the app goes on, and the next visit fetches it', async ({ page }) => {
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  await page.route(/\/split_azure\.wasm$/, (route) => route.abort('internetdisconnected'));

  const nav = page.getByRole('navigation', { name: 'Admin centers' });
  await nav.getByRole('link', { name: 'Azure portal', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This part of Tenant Desk couldn\'t be loaded.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Reload the page to get the current version.');
  await expect(alert.getByRole('button', { name: 'Reload the page' })).toBeVisible();

  // The rest of the app still works.
  await nav.getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).first()).toBeVisible();

  // The failure is not remembered: with the connection back, the page comes.
  await page.unroute(/\/split_azure\.wasm$/);
  await nav.getByRole('link', { name: 'Azure portal', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Azure portal', level: 1 })).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a dialog whose code cannot be fetched says so, and Reload the page brings it back', async ({ page }) => {
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  await page.route(/\/split_user_panel\.wasm$/, (route) => route.abort('internetdisconnected'));
  await rows(page).filter({ hasText: 'Lidia Holloway' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This part of Tenant Desk couldn\'t be loaded.' });
  await expect(alert).toBeVisible();

  await page.unroute(/\/split_user_panel\.wasm$/);
  await alert.getByRole('button', { name: 'Reload the page' }).click();
  // The reload keeps the open user in the URL; the panel shows.
  await expect(page.getByRole('dialog', { name: 'Lidia Holloway' })).toBeVisible();
});

test('a page whose code is slow to come shows Loading the page meanwhile, then the page', async ({ page }) => {
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  await page.route(/\/split_activity\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Activity log' }).click();
  const loading = page.getByRole('progressbar', { name: 'Loading the page' });
  await expect(loading).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Activity log', level: 1 })).toBeVisible();
  await expect(loading).toHaveCount(0);
});

test('Export users fetches its code on the first export; when it cannot, it says so and the list stays', async ({ page }) => {
  const fetched = appWasm(page);
  await page.goto('/users/guests');
  await expect(rows(page).first()).toBeVisible();
  const shown = await rows(page).count();
  expect(fetched).not.toContain('split_export.wasm');

  await page.route(/\/split_export\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Export users' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This part of Tenant Desk couldn\'t be loaded.' });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  await expect(rows(page)).toHaveCount(shown);
  await expect(page.getByRole('button', { name: 'Export users' })).toBeEnabled();

  await page.unroute(/\/split_export\.wasm$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export users' }).click()]);
  expect(download.suggestedFilename()).toBe('users.csv');
  await expect(alert).toHaveCount(0);
  // The refused fetch, then one more: the failure was not remembered.
  expect(fetched.filter((f) => f === 'split_export.wasm')).toHaveLength(2);
});

test('Home is a page of its own chunk: it comes when first shown, not with the users lists', async ({ page }) => {
  const fetched = appWasm(page);
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  expect(fetched).not.toContain('split_home.wasm');
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Home', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  expect(fetched).toContain('split_home.wasm');
});

test('the Dutch texts come when the tab first speaks Dutch; when they cannot, it stays in English and works', async ({ page }) => {
  const fetched = appWasm(page);
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  expect(fetched).not.toContain('split_dutch.wasm');
  const language = page.getByRole('combobox', { name: 'Language' });

  await page.route(/\/split_dutch\.wasm$/, (route) => route.abort('internetdisconnected'));
  await language.selectOption({ label: 'Nederlands' });
  await expect.poll(() => fetched.filter((f) => f === 'split_dutch.wasm').length).toBe(1);
  await expect(page.getByRole('heading', { level: 1, name: 'Active users' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(language).toHaveValue('en');
  await page.getByRole('searchbox', { name: 'Search users' }).fill('Jane');
  await expect(rows(page)).toHaveCount(1);

  await page.unroute(/\/split_dutch\.wasm$/);
  await language.selectOption({ label: 'Nederlands' });
  await expect(page.getByRole('heading', { level: 1, name: 'Actieve gebruikers' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  // Not reloaded: what was typed is still there.
  await expect(page.getByRole('searchbox', { name: 'Gebruikers zoeken' })).toHaveValue('Jane');
  await page.getByRole('combobox', { name: 'Taal' }).selectOption({ label: 'English' });
  await expect(page.getByRole('heading', { level: 1, name: 'Active users' })).toBeVisible();
});
