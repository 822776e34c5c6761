import { test, expect, Page } from './fixtures';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { expectFound, rows, DEMO_GUESTS } from './helpers';

// Training exercises (public/scenarios, served from ../dist by tests/serve.mjs straight
// from disk): each runs the real app on a tenant of its own, checked on that tenant's state.

// The file test changes the index the list test counts.
test.describe.configure({ mode: 'serial' });

const EXERCISE = 'licenses-page-assign-three';
const THREE = [['Jane', 'Jane Clayton'], ['Tri', 'Tricia Nguyen'], ['Patti', 'Patti Fernandez']];

const bar = (page: Page) => page.getByRole('region', { name: 'Exercise' });
const results = (page: Page) => bar(page).getByRole('list', { name: 'Check results' });

async function open(page: Page, id = EXERCISE) {
  await page.goto('/training');
  await page.getByRole('link', { name: 'Assign a product to three users from the Licenses page' }).click();
  await expect(page).toHaveURL(new RegExp(`/training/${id}$`));
  await expect(bar(page)).toContainText('Exercise: Assign a product to three users from the Licenses page');
}

/** Billing > Licenses > Microsoft Entra ID P2 > Assign licenses, to the three users. */
async function assignFromLicensesPage(page: Page) {
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Licenses', exact: true }).click();
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await page.getByRole('button', { name: 'Assign licenses' }).click();
  const picker = page.getByRole('dialog', { name: 'Assign licenses' });
  for (const [typed, name] of THREE) {
    await picker.getByRole('searchbox', { name: 'Type a name' }).fill(typed);
    await picker.getByRole('option', { name: new RegExp(name) }).click();
    await expect(picker.getByRole('list', { name: 'Selected users' })).toContainText(name);
  }
  await picker.getByRole('button', { name: 'Next' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 3 users' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('3 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Active users > tick `names` > Manage product licenses > Microsoft Entra ID P2. */
async function assignFromActiveUsers(page: Page, names: string[]) {
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Active users' }).click();
  for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  const n = names.length;
  await page.getByRole('button', { name: `Manage product licenses (${n})` }).click();
  const dialog = page.getByRole('dialog', { name: n === 1 ? 'Manage product licenses for 1 user' : `Manage product licenses for ${n} users` });
  await dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText(`${n} succeeded, 0 failed.`);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

test('the Training list shows the exercises with level, time and state', async ({ page }) => {
  await page.goto('/training');
  const table = page.getByRole('table', { name: 'Exercises' });
  await expect(table.getByRole('row')).toHaveCount(14); // the header and thirteen exercises
  await expect(table.getByRole('row', { name: /Fix a group license error and reprocess/ })).toContainText('advanced');
  await expect(table.getByRole('row', { name: /Assign a product to three users/ })).toContainText('Not started');
});

test('an exercise done from the Licenses page passes, with a hint, progress kept over a reload and results to download; the sandbox is untouched', async ({ page }) => {
  await open(page);
  page.on('dialog', (d) => d.accept());
  await bar(page).getByRole('button', { name: 'Check my work' }).click();
  await expect(results(page)).toContainText('Jane Clayton, Tricia Nguyen and Patti Fernandez still have no Microsoft Entra ID P2');
  await expect(bar(page).getByRole('status')).toHaveText('Not done yet: see what is still missing above.');

  // A hint names a control that is on the page.
  await bar(page).getByRole('button', { name: 'Hint (0 of 4)' }).click();
  await expect(bar(page).getByRole('list', { name: 'Hints' })).toContainText('Billing > Licenses');
  await expect(page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Licenses', exact: true })).toBeVisible();

  await assignFromLicensesPage(page);
  await bar(page).getByRole('button', { name: 'Check my work' }).click();
  await expect(bar(page).getByRole('status')).toHaveText(/^Completed in .*Well done\.$/);

  // Progress survives a reload, and the exercise stays open.
  await page.reload();
  await expect(bar(page)).toBeVisible();
  await expect(bar(page).getByRole('button', { name: 'Hint (1 of 4)' })).toBeVisible();

  // The results file holds the completed exercise.
  const download = page.waitForEvent('download');
  await bar(page).getByRole('button', { name: 'Download my results' }).click();
  const file = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(file).toMatchObject({ exerciseId: EXERCISE, completed: true, hintsUsed: 1 });

  // Leaving: the list says Completed, and the sandbox never saw the exercise's changes.
  await bar(page).getByRole('button', { name: 'Leave exercise' }).click();
  await expect(page.getByRole('table', { name: 'Exercises' }).getByRole('row', { name: /Assign a product to three users/ })).toContainText('Completed');
  await expect(bar(page)).toBeHidden();
  await page.goto('/users/active');
  await expect(rows(page).filter({ hasText: 'Jane Clayton' })).not.toContainText('Microsoft Entra ID P2');
});

test('the same exercise done another way, from Active users, names what is missing half done and passes done; Reset exercise restores the start', async ({ page }) => {
  await open(page);
  page.on('dialog', (d) => d.accept());
  // Half done: the check names the two still missing.
  await assignFromActiveUsers(page, ['Jane Clayton']);
  await bar(page).getByRole('button', { name: 'Check my work' }).click();
  await expect(results(page)).toContainText('Tricia Nguyen and Patti Fernandez still have no Microsoft Entra ID P2');
  await assignFromActiveUsers(page, ['Tricia Nguyen', 'Patti Fernandez']);
  await bar(page).getByRole('button', { name: 'Check my work' }).click();
  await expect(bar(page).getByRole('status')).toHaveText(/^Completed in /);

  await bar(page).getByRole('button', { name: 'Reset exercise' }).click();
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).filter({ hasText: 'Jane Clayton' })).toBeVisible();
  await expect(rows(page).filter({ hasText: 'Jane Clayton' })).not.toContainText('Microsoft Entra ID P2');
  await bar(page).getByRole('button', { name: 'Check my work' }).click();
  await expect(results(page)).toContainText('Jane Clayton, Tricia Nguyen and Patti Fernandez still have no Microsoft Entra ID P2');
});

test('a scenario file dropped next to the app appears without a rebuild; a broken one is reported and the rest work', async ({ page }) => {
  const dir = '../dist/scenarios';
  const indexPath = `${dir}/index.json`;
  const original = readFileSync(indexPath, 'utf8');
  const index = JSON.parse(original);
  const added = {
    id: 'added-by-a-site', title: 'An exercise a training site added', level: 'beginner', minutes: 2,
    goal: 'Invite zoe.parker@contoso-partner.com as a guest.', start: { tenant: { kind: 'demo' } },
    hints: ['Open **Guest users**.'],
    check: [{ name: 'Zoe is invited', kind: 'guestInvited', email: 'zoe.parker@contoso-partner.com' }],
  };
  writeFileSync(`${dir}/zz-added.json`, JSON.stringify(added));
  writeFileSync(`${dir}/zz-broken.json`, JSON.stringify({ ...added, id: 'broken-one', check: [{ name: 'x', kind: 'userHasProduct', user: 'jane@contoso.com', product: 'NO_SUCH_PRODUCT' }] }));
  writeFileSync(indexPath, JSON.stringify({ exercises: [...index.exercises, 'zz-added.json', 'zz-broken.json'] }));
  try {
    await page.goto('/training');
    const table = page.getByRole('table', { name: 'Exercises' });
    await expect(table.getByRole('row', { name: /An exercise a training site added/ })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(15); // the header, thirteen exercises and the added one
    await expect(page.getByRole('alert')).toContainText('zz-broken.json: at /check/0/product');
    // The guests list of the sandbox still works beside it.
    await page.goto('/users/guests');
    await expectFound(page, DEMO_GUESTS);
  } finally {
    writeFileSync(indexPath, original);
    rmSync(`${dir}/zz-added.json`, { force: true });
    rmSync(`${dir}/zz-broken.json`, { force: true });
  }
});
