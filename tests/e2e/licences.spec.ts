import { test, expect, Page } from './fixtures';
import { addFilter, expectFound, grid, openAssignments, rows } from './helpers';

/** The Billing > Licenses line of a product: "assigned of total". */
async function assignedOf(page: Page, product: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Licenses', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: product, exact: true }) });
  return (await row.getByRole('cell').first().innerText()).trim();
}

test('Manage product licenses: Assign more shows the missing seats before saving, saves what it previewed, and undo restores', async ({ page }) => {
  await page.goto('/');
  expect(await assignedOf(page, 'Office 365 E5')).toBe('3 of 5');
  await page.getByRole('link', { name: 'Active users' }).first().click();
  for (const name of ['Jane Clayton', 'Tricia Nguyen', 'Megan Bowen']) {
    await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  }
  await page.getByRole('button', { name: 'Manage product licenses (3)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 3 users' });
  await dialog.getByRole('radio', { name: /Assign more/ }).check();
  await dialog.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Not enough licenses: 1 more Office 365 E5 license is needed\. You might have to buy more licenses\./);
  const preview = dialog.getByRole('table', { name: 'Preview' });
  await expect(preview.getByRole('row', { name: /Jane Clayton/ })).toContainText('Ready');
  await expect(preview.getByRole('row', { name: /Megan Bowen/ })).toContainText('Ready');
  await expect(preview.getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Will fail');
  await expect(preview.getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Buy more licenses');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 succeeded, 1 failed.');
  const outcome = dialog.getByRole('table', { name: 'Outcome' });
  await expect(outcome.getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Failed');
  // Retry failed takes only the failed user, who still has no seat.
  await dialog.getByRole('button', { name: 'Retry failed' }).click();
  const retry = page.getByRole('dialog', { name: 'Manage product licenses for 1 user' });
  await retry.getByRole('button', { name: 'Review changes' }).click();
  await expect(retry.getByRole('status')).toHaveText('0 of 1 users will change; 1 would fail.');
  await expect(retry.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Will fail');
  await retry.getByRole('button', { name: 'Back' }).click();
  await retry.getByRole('button', { name: 'Cancel' }).click();
  await expect(retry).toBeHidden();

  expect(await assignedOf(page, 'Office 365 E5')).toBe('5 of 5');
  await page.getByRole('link', { name: 'Activity log' }).click();
  const activity = page.getByRole('table', { name: 'Activity' });
  await expect(activity.getByRole('row').nth(1)).toContainText('Licenses changed for 2 users');
  await page.getByRole('button', { name: 'Undo last change' }).click();
  await expect(page.getByRole('status')).toContainText('Undone');
  expect(await assignedOf(page, 'Office 365 E5')).toBe('3 of 5');
});

test('seed 003 guest flow: only a Global admin may license a guest; the usage location is asked for in the flow', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Act as' }).selectOption({ label: 'Megan Bowen (License admin)' });
  await page.getByRole('navigation').getByRole('link', { name: 'All users', exact: true }).click();
  await addFilter(page, 'User type', 'Guest');
  let { panel, dialog } = await openAssignments(page, 'Ana Costa');
  await dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('alert')).toContainText('no usage location');
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Portugal' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  const row = dialog.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Ana Costa/ });
  await expect(row).toContainText('Will fail');
  await expect(row).toContainText('You must be a Global admin to assign licenses to guest users.');
  await expect(dialog.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Back' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('combobox', { name: 'Act as' }).selectOption({ label: 'Kelley Wall (Global admin)' });
  ({ panel, dialog } = await openAssignments(page, 'Ana Costa'));
  await dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  // Clear a service the guest should not have.
  await dialog.getByText('Turn apps and services on or off for Microsoft Entra ID P2').click();
  const p2 = dialog.locator('li.product', { has: page.locator('.product-name', { hasText: /^Microsoft Entra ID P2$/ }) });
  const services = p2.getByRole('list').getByRole('checkbox');
  const first = services.first();
  const firstName = (await first.locator('xpath=..').innerText()).trim();
  await first.uncheck();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Portugal' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Ana Costa/ })).toContainText('Ready');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('heading', { name: 'Microsoft Entra ID P2' })).toBeVisible();
  await panel.getByText('Apps and services').click();
  await expect(panel.getByRole('checkbox', { name: firstName })).not.toBeChecked();
  await panel.getByRole('tab', { name: 'Account' }).click();
  await expect(panel).toContainText('Portugal (PT)');
});

test('conflicting services are refused with the reason and the fix', async ({ page }) => {
  await page.goto('/users/active');
  const { panel, dialog } = await openAssignments(page, 'Jane Clayton');
  await expect(dialog.getByRole('checkbox', { name: /Office 365 E3/ })).toBeChecked();
  await dialog.getByRole('checkbox', { name: /Office 365 E1/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  const row = dialog.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Jane Clayton/ });
  await expect(row).toContainText('Conflicting service plans');
  await expect(row).toContainText('Review the services included with each license');
  // Escape closes the dialog only, not the panel under it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel).toBeVisible();
});

test('an inherited licence cannot be removed on the user; removing the user from the group takes it away', async ({ page }) => {
  await page.goto('/users/active');
  await rows(page).filter({ hasText: 'Isaiah Langer' }).click();
  const panel = page.getByRole('dialog', { name: 'Isaiah Langer' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByText('Inherited from Sales E3')).toBeVisible();
  await expect(panel.getByText(/comes from the group Sales E3: it can't be removed from the user here/)).toBeVisible();
  await panel.getByRole('button', { name: 'Assignments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Licenses and apps' });
  await expect(dialog.getByRole('checkbox', { name: /Office 365 E3/ })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await panel.getByRole('button', { name: 'Remove from Sales E3' }).click();
  await expect(panel.getByText('This user has no product licenses.')).toBeVisible();
});

test('licence usage bars are shown per product', async ({ page }) => {
  await page.goto('/billing/licenses');
  const bars = page.getByRole('meter');
  await expect(bars.first()).toBeVisible();
  expect(await bars.count()).toBeGreaterThan(5);
  await expect(page.getByRole('row').filter({ hasText: 'Office 365 E3' }).getByRole('meter')).toHaveAccessibleName(/\d+% assigned/);
});

test('a product page: licensed users and groups, and Assign licenses with the people picker', async ({ page }) => {
  await page.goto('/billing/licenses');
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await expect(page.getByText('2 of 10 licenses assigned, 8 available')).toBeVisible();
  const users = page.getByRole('grid', { name: 'Licensed users' });
  await expect(users.getByRole('row', { name: /Alain Charon/ })).toContainText('Directly');
  await page.getByRole('button', { name: 'Assign licenses' }).click();
  const picker = page.getByRole('dialog', { name: 'Assign licenses' });
  for (const [typed, name] of [['Tri', 'Tricia Nguyen'], ['Jane', 'Jane Clayton']]) {
    await picker.getByRole('searchbox', { name: 'Type a name' }).fill(typed);
    await picker.getByRole('option', { name: new RegExp(name) }).click();
    await expect(picker.getByRole('list', { name: 'Selected users' })).toContainText(name);
  }
  await picker.getByRole('button', { name: 'Next' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 2 users' });
  await expect(dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 of 2 users will change; 0 would fail.');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('4 of 10 licenses assigned, 6 available')).toBeVisible();
  await users.getByRole('row', { name: /Tricia Nguyen/ }).click();
  const panel = page.getByRole('dialog', { name: 'Tricia Nguyen' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByRole('heading', { name: 'Microsoft Entra ID P2' })).toBeVisible();
  // Escape closes the pane and gives the focus back to the grid; Enter opens the active row.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(users).toBeFocused();
  const first = (await users.locator('[role="row"]:not(.header) .name').first().innerText()).trim();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: first })).toBeVisible();
});

test('a self-service purchase subscription cannot be assigned by an admin, and the dialog says so', async ({ page }) => {
  await page.goto('/users/active');
  await page.getByRole('checkbox', { name: 'Select Lidia Holloway' }).click();
  await page.getByRole('button', { name: 'Manage product licenses (1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 1 user' });
  const product = dialog.locator('li.product', { has: page.locator('.product-name', { hasText: /^Power BI Pro$/ }) });
  await expect(product.getByRole('checkbox').first()).toBeDisabled();
  await expect(product).toContainText("Bought by a user through self-service purchase: an admin can't assign or unassign it.");
});

test('the people picker takes up to 20 users at a time and says so at the 21st', async ({ page }) => {
  await page.goto('/billing/licenses');
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await page.getByRole('button', { name: 'Assign licenses' }).click();
  const picker = page.getByRole('dialog', { name: 'Assign licenses' });
  const chips = picker.getByRole('list', { name: 'Selected users' }).getByRole('listitem');
  for (const prefix of 'ABCDEGHIJKLMNOPRSTY') {
    if ((await chips.count()) >= 20) break;
    await picker.getByRole('searchbox', { name: 'Type a name' }).fill(prefix);
    const options = picker.getByRole('option');
    // Wait for this prefix's suggestions, not the last one's (the search is debounced).
    await expect(options.first()).toHaveText(new RegExp(`^${prefix}`));
    const n = await options.count();
    for (let i = 0; i < n && (await chips.count()) < 20; i++) {
      await picker.getByRole('searchbox', { name: 'Type a name' }).fill(prefix);
      await expect(options.first()).toHaveText(new RegExp(`^${prefix}`));
      await options.nth(i).click();
    }
  }
  await expect(chips).toHaveCount(20);
  // A 21st user (one not picked yet) is refused with the reason.
  const alert = picker.getByRole('alert');
  outer: for (const prefix of 'ABCDEGHIJKLMNOPRSTY') {
    await picker.getByRole('searchbox', { name: 'Type a name' }).fill(prefix);
    const options = picker.getByRole('option');
    // Wait for this prefix's suggestions, not the last one's (the search is debounced).
    await expect(options.first()).toHaveText(new RegExp(`^${prefix}`));
    const n = await options.count();
    for (let i = 0; i < n; i++) {
      await picker.getByRole('searchbox', { name: 'Type a name' }).fill(prefix);
      await expect(options.first()).toHaveText(new RegExp(`^${prefix}`));
      await options.nth(i).click();
      if (await alert.count()) break outer;
    }
  }
  await expect(alert).toHaveText('You can assign licenses to up to 20 users at a time.');
  await expect(chips).toHaveCount(20);
});

test('Unassign licenses on a product page removes it from the selected users, and refuses where another service depends on it', async ({ page }) => {
  await page.goto('/billing/licenses');
  await page.getByRole('link', { name: 'Office 365 E3' }).click();
  const counts = page.getByText(/^\d+ of \d+ licenses assigned/);
  const [assigned, total] = (await counts.innerText()).match(/\d+/g)!.map(Number);
  const users = page.getByRole('grid', { name: 'Licensed users' });
  await expect(users.getByRole('row', { name: /Adele Vance/ })).toContainText('Directly and through a group');
  await users.getByRole('checkbox', { name: 'Select Tricia Nguyen' }).click();
  await users.getByRole('checkbox', { name: 'Select Jane Clayton' }).click();
  await users.getByRole('checkbox', { name: 'Select Adele Vance' }).click();
  await page.getByRole('button', { name: 'Unassign licenses (3)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 3 users' });
  await expect(dialog.getByRole('radio', { name: /^Unassign Remove the selected/ })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: /Office 365 E3/ })).toBeChecked();
  // Removing a product has no apps and services to choose.
  await expect(dialog.getByText('Turn apps and services on or off for Office 365 E3')).toBeHidden();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 of 3 users will change; 1 would fail.');
  await expect(dialog).toContainText(`Office 365 E3: frees 1 license; ${total - assigned + 1} available after the change`);
  const preview = dialog.getByRole('table', { name: 'Preview' });
  await expect(preview.getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Office 365 E3');
  // Adele's direct assignment goes; she keeps E3 through Sales E3.
  await expect(preview.getByRole('row', { name: /Adele Vance/ })).toContainText('Ready; still licensed for Office 365 E3 through a group');
  // Jane's Audio Conferencing needs the Skype for Business plan that comes with E3.
  await expect(preview.getByRole('row', { name: /Jane Clayton/ })).toContainText('Missing dependent service plans');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.locator('.outcome')).toHaveText('2 succeeded, 1 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText(`${assigned - 1} of ${total} licenses assigned`)).toBeVisible();
  await expect(users.getByRole('row', { name: /Tricia Nguyen/ })).toHaveCount(0);
  await expect(users.getByRole('row', { name: /Jane Clayton/ })).toBeVisible();
  await expect(users.getByRole('row', { name: /Adele Vance/ })).toContainText('Through a group');
  await expect(users.getByRole('row', { name: /Adele Vance/ })).not.toContainText('Directly');
  await expect(page.getByRole('button', { name: /^Unassign licenses/ })).toBeHidden();
});
