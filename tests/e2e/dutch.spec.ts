import { test, expect, Page, Locator } from './fixtures';
import { violations } from './helpers';

// The app in Dutch: the browser's locale is nl-NL (project `dutch`), so the language
// follows it; the seeds' own Dutch terms find every control.

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Gebruikers' });
}

function rows(page: Page): Locator {
  return grid(page).locator('[role="row"]:not(.header):not(.placeholder)');
}

async function column(page: Page, name: string): Promise<string[]> {
  const headers = await grid(page).locator('[role="columnheader"]').allInnerTexts();
  const index = headers.findIndex((h) => h.replace(/[↑↓]/g, '').trim() === name);
  if (index < 0) throw new Error(`no column ${name} in ${headers}`);
  return rows(page).evaluateAll((els, i) => els.map((r) => (r.querySelectorAll('[role="gridcell"]')[i] as HTMLElement).innerText.trim()), index);
}

test('Alle gebruikers > Filters toevoegen > Gebruikerstype > Toepassen > Gast', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('navigation', { name: 'Beheercentra' }).getByRole('link', { name: 'Alle gebruikers', exact: true }).click();
  await expect(page).toHaveTitle(/Alle gebruikers - Microsoft Entra-beheercentrum/);
  await page.getByRole('button', { name: 'Filters toevoegen' }).click();
  const menu = page.getByRole('dialog', { name: 'Een veld kiezen' });
  await menu.getByRole('radio', { name: 'Gebruikerstype' }).check();
  await menu.getByRole('button', { name: 'Toepassen' }).click();
  await page.getByRole('dialog', { name: 'Gebruikerstype' }).getByRole('button', { name: 'Gast', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Filter Gebruikerstype == Gast wijzigen' })).toBeVisible();
  await expect(page.getByTestId('found')).toHaveText('12 gebruikers gevonden');
  expect(new Set(await column(page, 'Gebruikerstype'))).toEqual(new Set(['Gast']));
  expect(await violations(page)).toEqual([]);
});

test('Actieve gebruikers > Productlicenties beheren > Meer toewijzen > Wijzigingen opslaan', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Actieve gebruikers' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actieve gebruikers' })).toBeVisible();
  for (const name of ['Jane Clayton', 'Megan Bowen']) {
    await page.getByRole('checkbox', { name: `${name} selecteren` }).click();
  }
  await page.getByRole('button', { name: 'Productlicenties beheren (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Productlicenties beheren voor 2 gebruikers' });
  await dialog.getByRole('radio', { name: /Meer toewijzen/ }).check();
  await dialog.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await expect(dialog.getByText('Apps en services in- of uitschakelen voor Office 365 E5')).toBeVisible();
  await dialog.getByRole('button', { name: 'Wijzigingen controleren' }).click();
  const preview = dialog.getByRole('table', { name: 'Voorbeeld' });
  await expect(preview.getByRole('row', { name: /Jane Clayton/ })).toContainText('Gereed');
  expect(await violations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 geslaagd, 0 mislukt.');
  await dialog.getByRole('button', { name: 'Sluiten' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('link', { name: 'Licenties', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Licenties' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Toegewezen' })).toBeVisible();
});

test('the header switch goes to English and back without losing the page, and is remembered', async ({ page }) => {
  await page.goto('/entra/users');
  const search = page.getByRole('searchbox', { name: 'Gebruikers zoeken' });
  await search.fill('ben');
  await expect(page.getByTestId('found')).toHaveText(/gebruiker(s)? gevonden/);
  await page.getByRole('combobox', { name: 'Taal' }).selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Active users' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'All users' })).toBeVisible();
  await expect(page.getByTestId('found')).toHaveText(/users? found/);
  // Not reloaded: what was typed is still there.
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue('ben');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  await expect(page.getByRole('heading', { level: 1, name: 'All users' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Nederlands' });
  await expect(page.getByRole('heading', { level: 1, name: 'Alle gebruikers' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  expect(await page.evaluate(() => localStorage.getItem('tenant-desk.locale'))).toBe('nl');
});
