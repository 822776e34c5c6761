import { test, expect } from './fixtures';
import { addFilter, column, expectFound, rows, DEMO_GUESTS, saveLicence } from './helpers';

// The same flows over HTTP: the app configured for Graph, talking to graph-server.

test('over Graph: All users > Add filters > User type > Guest lists the guests', async ({ page }) => {
  await page.goto('/entra/users');
  await addFilter(page, 'User type', 'Guest');
  await expectFound(page, DEMO_GUESTS);
  expect(new Set(await column(page, 'User type'))).toEqual(new Set(['Guest']));
  expect(await column(page, 'Licenses')).toContain('Office 365 E1');
});

test('over Graph: the simulated tenant\'s engine is never fetched', async ({ page }) => {
  const fetched: string[] = [];
  page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
  page.on('worker', (w) => fetched.push(`worker ${w.url()}`));
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  expect(fetched.filter((p) => p.endsWith('.wasm'))).toHaveLength(1);
  expect(fetched.filter((p) => p.includes('tenant-worker'))).toEqual([]);
});

test('over Graph: a licence assigned through $batch shows on the user and in the counts', async ({ page }) => {
  await page.goto('/users/active');
  const dialog = await saveLicence(page, 'Lidia Holloway', /Microsoft Entra ID P2/);
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await rows(page).filter({ hasText: 'Lidia Holloway' }).click();
  const panel = page.getByRole('dialog', { name: 'Lidia Holloway' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByRole('heading', { name: 'Microsoft Entra ID P2' })).toBeVisible();
});

test('over Graph: the Azure portal pages say they run on the simulated tenant only', async ({ page }) => {
  for (const path of ['/azure', '/azure/directories', '/azure/settings', '/azure/sign-up', '/azure/office-365']) {
    await page.goto(path);
    await expect(page.getByRole('status').filter({ hasText: 'simulated tenant only' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Sign in' })).toHaveCount(0);
  }
});
