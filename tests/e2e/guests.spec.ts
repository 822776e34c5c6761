import { test, expect } from './fixtures';
import { addFilter, column, expectFound, grid, rows, found, DEMO_GUESTS } from './helpers';

test('Active users > Guest users view lists exactly the guests', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Active users' }).first().click();
  await expect(page).toHaveTitle(/Active users/);
  await expect(found(page)).toHaveText(/\d+ users found/);
  await page.getByRole('combobox', { name: 'Filter users by view' }).selectOption({ label: 'Guest users' });
  await expectFound(page, DEMO_GUESTS);
  const types = await column(page, 'User type');
  expect(types).toHaveLength(DEMO_GUESTS);
  expect(new Set(types)).toEqual(new Set(['Guest']));
  await expect(page).toHaveURL(/view=guests/);
});

test('Guest users page shows the invitation state', async ({ page }) => {
  await page.goto('/users/guests');
  await expectFound(page, DEMO_GUESTS);
  const states = await column(page, 'Invitation state');
  expect(states).toContain('Accepted');
  expect(states).toContain('Pending acceptance');
});

test('All users > Add filters > User type > Apply > Guest (seed 003)', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: 'All users', exact: true }).click();
  await expect(page).toHaveTitle(/All users - Microsoft Entra admin center/);
  await addFilter(page, 'User type', 'Guest');
  await expect(page.getByRole('button', { name: 'Change filter User type == Guest' })).toBeVisible();
  await expectFound(page, DEMO_GUESTS);
  expect(new Set(await column(page, 'User type'))).toEqual(new Set(['Guest']));
});

test('a second filter and the search narrow the list, and chips can be removed', async ({ page }) => {
  await page.goto('/entra/users');
  await addFilter(page, 'User type', 'Guest');
  await expectFound(page, DEMO_GUESTS);
  await addFilter(page, 'Domain', 'fabrikam.com');
  await expectFound(page, 2);
  expect((await column(page, 'Display name')).sort()).toEqual(['Ana Costa', 'Ben Carter']);
  await page.getByRole('searchbox', { name: 'Search users' }).fill('ben');
  await expectFound(page, 1);
  expect(await column(page, 'Display name')).toEqual(['Ben Carter']);
  await page.getByRole('button', { name: 'Remove filter Domain == fabrikam.com' }).click();
  await expectFound(page, 1);
  await page.getByRole('searchbox', { name: 'Search users' }).fill('');
  await expectFound(page, DEMO_GUESTS);
});

test('a link reopens the same view, and back and forward move between views', async ({ page, context }) => {
  await page.goto('/entra/users');
  await addFilter(page, 'User type', 'Guest');
  await addFilter(page, 'External user state', 'Pending acceptance');
  await expectFound(page, 4);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await expectFound(other, 4);
  await expect(other.getByRole('button', { name: 'Change filter External user state == Pending acceptance' })).toBeVisible();
  await page.goBack();
  await expectFound(page, DEMO_GUESTS);
  await page.goForward();
  await expectFound(page, 4);
});

test('the user panel opens by mouse and by keyboard, and Escape returns focus', async ({ page }) => {
  await page.goto('/users/active?view=guests');
  await expectFound(page, DEMO_GUESTS);
  await rows(page).filter({ hasText: 'Ana Costa' }).click();
  const panel = page.getByRole('dialog', { name: 'Ana Costa' });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('ana.costa_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBeVisible();
  await expect(panel.getByText('Guest', { exact: true })).toBeVisible();
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByText('This user has no product licenses.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(page).not.toHaveURL(/user=/);
  await expect(grid(page)).toBeFocused();
  // Keyboard only: move to the second row and open it.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  const second = (await column(page, 'Display name'))[1];
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: second })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(grid(page)).toBeFocused();
  // Space selects the active row.
  await page.keyboard.press(' ');
  await expect(page.getByRole('checkbox', { name: `Select ${second}` })).toBeChecked();
});

test('Export users saves exactly the filtered users', async ({ page }) => {
  await page.goto('/users/active?view=guests');
  await expectFound(page, DEMO_GUESTS);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export users' }).click()]);
  const path = await download.path();
  const text = require('node:fs').readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toContain('Display name,User principal name');
  expect(lines).toHaveLength(DEMO_GUESTS + 1);
  const names = lines.slice(1).map((l: string) => l.split(',')[0]).sort();
  expect(names).toEqual((await column(page, 'Display name')).sort());
  expect(lines.slice(1).every((l: string) => l.split(',')[3] === 'Guest')).toBe(true);
});

test('Tab stays inside a dialog and Escape closes it', async ({ page }) => {
  await page.goto('/users/guests');
  await page.getByRole('button', { name: 'Invite guest user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite guest user' });
  await expect(dialog.getByRole('textbox', { name: 'Email address' })).toBeFocused();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the grid renders the rows scrolled to, loading the next page as Graph pages, and a new view starts at the top', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto('/users/active');
  await expect(found(page)).toHaveText(/\d+ users found/);
  const total = Number((await found(page).innerText()).match(/\d+/)![0]);
  expect(total).toBeGreaterThan(50); // more than one page of 50
  await grid(page).evaluate((g) => { g.scrollTop = g.scrollHeight; });
  await expect(rows(page).first()).not.toHaveAttribute('aria-rowindex', '2');
  await expect(rows(page).last()).toHaveAttribute('aria-rowindex', String(total + 1));
  expect(await rows(page).count()).toBeLessThan(total);
  await page.getByRole('combobox', { name: 'Filter users by view' }).selectOption('guests');
  await expectFound(page, DEMO_GUESTS);
  await expect(rows(page).first()).toHaveAttribute('aria-rowindex', '2');
  expect(await grid(page).evaluate((g) => g.scrollTop)).toBe(0);
});

test('a taller window shows more rows at once, without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  const before = await rows(page).count();
  await page.setViewportSize({ width: 1280, height: 1600 });
  await expect.poll(() => rows(page).count()).toBeGreaterThan(before);
  // The rows reach the bottom of the grid: no blank space under them.
  const [gridBottom, lastBottom] = await grid(page).evaluate((g) => [
    g.getBoundingClientRect().bottom,
    [...g.querySelectorAll('[role="row"]:not(.header)')].pop()!.getBoundingClientRect().bottom,
  ]);
  expect(lastBottom).toBeGreaterThanOrEqual(gridBottom);
});
