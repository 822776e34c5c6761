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

/** The portal's sign-in in Dutch: the address, Volgende, and which account when it is two. */
async function portalSignIn(page: Page, address: string) {
  const form = page.getByRole('region', { name: 'Aanmelden' });
  await form.getByLabel('E-mailadres').fill(address);
  await form.getByRole('button', { name: 'Volgende' }).click();
  await expect(form).toHaveCount(0);
}

test('Azure-portal > Voordat u begint: the five prerequisites and a refusal in Dutch', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Beheercentra' }).getByRole('link', { name: 'Azure-portal', exact: true }).click();
  await page.getByRole('link', { name: 'Een Office 365-tenant koppelen aan een Azure-abonnement' }).click();
  await portalSignIn(page, 'kelley@outlook.com');
  const checks = page.getByRole('list', { name: 'Vereisten' });
  await expect(checks.getByRole('listitem')).toHaveCount(5);
  await expect(checks.getByRole('listitem').nth(0)).toHaveText('✓Voldaan: U bent aangemeld als de servicebeheerder van Pay-As-You-Go.');
  await expect(checks.getByRole('listitem').nth(1)).toHaveText(/Voldaan: U hebt de referenties van een globale beheerder van Contoso nodig: .*admin@contoso\.onmicrosoft\.com/);
  await expect(checks.getByRole('listitem').nth(2)).toHaveText('✓Voldaan: Het adres van de servicebeheerder, kelley@outlook.com, staat niet in de Office 365-tenant Contoso.');
  await expect(checks.getByRole('listitem').nth(3)).toHaveText('✓Voldaan: Het adres van de servicebeheerder is niet het adres van een globale beheerder in Contoso.');
  await expect(checks.getByRole('listitem').nth(4)).toHaveText('✓Voldaan: kelley@outlook.com is maar één soort account.');
  await expect(page.getByRole('status').filter({ hasText: 'Aan alle vereisten is voldaan.' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // A co-administrator: not met, with the fix, in Dutch.
  await page.getByTestId('portal-account').getByRole('button', { name: 'Afmelden' }).click();
  await portalSignIn(page, 'sam.jones@outlook.com');
  const first = checks.getByRole('listitem').first();
  await expect(first).toContainText('Niet voldaan: U bent aangemeld als medebeheerder van Pay-As-You-Go. Medebeheerders kunnen geen directory toevoegen');
  await expect(first).toContainText('Meld u af en meld u aan als de servicebeheerder, kelley@outlook.com, of vraag deze persoon om u servicebeheerder te maken.');
  await expect(checks).not.toContainText("You're signed in");
  await expect(page.getByRole('alert')).toHaveText('Los de vereisten op waaraan niet is voldaan voordat u verdergaat.');
  expect(await violations(page)).toEqual([]);

  // A refusal of a change: the engine's reason, worded in Dutch.
  await page.getByTestId('portal-account').getByRole('button', { name: 'Afmelden' }).click();
  await portalSignIn(page, 'kelley@outlook.com');
  await page.goto('/azure/settings?tab=administrators');
  await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  const add = page.getByRole('dialog', { name: 'Een medebeheerder toevoegen' });
  await add.getByLabel('E-mailadres').fill('kelley@outlook.com');
  await add.getByRole('checkbox', { name: 'Pay-As-You-Go' }).check();
  await add.getByRole('button', { name: 'OK' }).click();
  await expect(add.getByRole('alert')).toContainText('kelley@outlook.com is al beheerder van Pay-As-You-Go.');
  await expect(add.getByRole('alert')).not.toContainText('already');
  expect(await violations(page)).toEqual([]);
});

test('Activiteitenlogboek: a licence change is described in Dutch, and so is its undo', async ({ page }) => {
  await page.goto('/users/active');
  for (const name of ['Jane Clayton', 'Megan Bowen']) {
    await page.getByRole('checkbox', { name: `${name} selecteren` }).click();
  }
  await page.getByRole('button', { name: 'Productlicenties beheren (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Productlicenties beheren voor 2 gebruikers' });
  await dialog.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await dialog.getByRole('button', { name: 'Wijzigingen controleren' }).click();
  await dialog.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 geslaagd, 0 mislukt.');
  await dialog.getByRole('button', { name: 'Sluiten' }).click();

  await page.getByRole('navigation', { name: 'Beheercentra' }).getByRole('link', { name: 'Activiteitenlogboek' }).click();
  const log = page.getByRole('table', { name: 'Activiteit' });
  const row = log.getByRole('row').nth(1);
  await expect(row).toContainText('Licenties gewijzigd voor 2 gebruikers');
  await expect(row).toContainText('Geslaagd');
  await expect(log).not.toContainText('Licenses changed');
  // When, as Dutch writes a date and time (e.g. "1 dec 2026, 19:20"), not the ISO text.
  await expect(row.getByRole('cell').first()).toHaveText(/^\d{1,2} [a-z]{3}\.? \d{4},? \d{1,2}:\d{2}$/);
  expect(await violations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Laatste wijziging ongedaan maken' }).click();
  await expect(page.getByRole('status')).toHaveText('Ongedaan gemaakt: Licenties gewijzigd voor 2 gebruikers');
});

test('Training: an exercise shows its Dutch title, goal, hints and criteria', async ({ page }) => {
  await page.goto('/training');
  const table = page.getByRole('table', { name: 'Oefeningen' });
  await expect(table.getByRole('row')).toHaveCount(14);
  await expect(table).not.toContainText('Assign more licenses');
  await table.getByRole('link', { name: 'Meer licenties toewijzen aan meerdere gebruikers vanaf Actieve gebruikers' }).click();
  await expect(page).toHaveURL(/\/training\/active-users-assign-more$/);
  const bar = page.getByRole('region', { name: 'Oefening' });
  await expect(bar).toContainText('Oefening: Meer licenties toewijzen aan meerdere gebruikers vanaf Actieve gebruikers');
  await expect(bar).toContainText('Geef het aan alle vier tegelijk en laat de licenties die ze al hebben staan.');
  await expect(page.getByRole('heading', { level: 2, name: 'Meer licenties toewijzen aan meerdere gebruikers vanaf Actieve gebruikers' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('De vier gespreksleiders hebben Audio Conferencing');

  await bar.getByRole('button', { name: 'Tip (0 van 5)' }).click();
  await bar.getByRole('button', { name: 'Tip (1 van 5)' }).click();
  const hints = bar.getByRole('list', { name: 'Tips' });
  await expect(hints.getByRole('listitem')).toHaveText([
    'Open in het Microsoft 365-beheercentrum Gebruikers > Actieve gebruikers.',
    'Selecteer de rondjes naast Diego Siciliani, Henrietta Mueller, Lynne Robbins en Debra Berger.',
  ]);
  await expect(hints.locator('strong').first()).toHaveText('Gebruikers > Actieve gebruikers');
  await bar.getByRole('button', { name: 'Mijn werk controleren' }).click();
  const results = bar.getByRole('list', { name: 'Controleresultaten' });
  await expect(results.getByRole('listitem').first()).toHaveText(
    'Nog niet: De vier gespreksleiders hebben Audio Conferencing — Diego Siciliani, Henrietta Mueller, Lynne Robbins en Debra Berger hebben nog geen Microsoft 365 Audio Conferencing',
  );
  await expect(results.getByRole('listitem').nth(1)).toContainText('Geslaagd: Zij houden hun andere licenties, en alle anderen ook');
  expect(await violations(page)).toEqual([]);
});

test('Actieve gebruikers: every column header fits at 1280 px', async ({ page }) => {
  await page.goto('/users/active');
  await expect(rows(page).first()).toBeVisible();
  const headers = grid(page).locator('[role="columnheader"]:not(.check)');
  await expect(headers).toHaveText(['Weergavenaam', 'Gebruikersnaam', 'Licenties', 'Gebruikerstype', 'Gebruikslocatie', 'Aanmeldingsstatus'].map((h) => new RegExp(`^${h}`)));
  const cut = await headers.evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth || (e.firstElementChild && e.firstElementChild.scrollWidth > e.clientWidth)).map((e) => (e as HTMLElement).innerText),
  );
  expect(cut).toEqual([]);
  // Header and rows stay aligned: each header starts where its column's cells start.
  const lefts = async (sel: string) => sel === 'h'
    ? headers.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)))
    : rows(page).first().locator('[role="gridcell"]:not(.check)').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
  expect(await lefts('h')).toEqual(await lefts('r'));
});
