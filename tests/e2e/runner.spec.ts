import { test, expect } from './fixtures';
import { rows } from './helpers';

// The change runner's outcome as the admin sees it: one outcome per user, by id.

test('Retry failed retries only the failed user when two users share a display name', async ({ page }) => {
  // A guest named like a member: the License admin may license the member, not the guest.
  await page.goto('/users/guests');
  await page.getByRole('button', { name: 'Invite guest user' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite guest user' });
  await invite.getByRole('textbox', { name: 'Email address' }).fill('alex.wilber@fabrikam.com');
  await invite.getByRole('textbox', { name: 'Display name' }).fill('Alex Wilber');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite).toBeHidden();
  await page.getByRole('combobox', { name: 'Act as' }).selectOption({ label: 'Megan Bowen (License admin)' });
  await page.getByRole('link', { name: 'Active users' }).first().click();
  await page.getByRole('searchbox', { name: 'Search users' }).fill('Alex Wilber');
  await expect(rows(page)).toHaveCount(2);
  const boxes = page.getByRole('checkbox', { name: 'Select Alex Wilber' });
  await boxes.nth(0).click();
  await boxes.nth(1).click();
  await page.getByRole('button', { name: 'Manage product licenses (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 2 users' });
  await dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Portugal' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('1 of 2 users will change; 1 would fail.');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 1 failed.');
  const outcome = dialog.getByRole('table', { name: 'Outcome' });
  await expect(outcome.getByRole('row', { name: /Alex Wilber/ }).first()).toContainText('Global admin');
  await dialog.getByRole('button', { name: 'Retry failed' }).click();
  const retry = page.getByRole('dialog', { name: 'Manage product licenses for 1 user' });
  await retry.getByRole('button', { name: 'Review changes' }).click();
  const preview = retry.getByRole('table', { name: 'Preview' });
  await expect(preview.getByRole('row')).toHaveCount(2); // the header and the guest
  await expect(preview.getByRole('row', { name: /Alex Wilber/ })).toContainText('Will fail');
  await retry.getByRole('button', { name: 'Back' }).click();
  await retry.getByRole('button', { name: 'Cancel' }).click();
  await expect(retry).toBeHidden();
});

test('Entra Assign to users shows each user\'s outcome when one fails', async ({ page }) => {
  // Office 365 E5 has two seats free: of three users, one cannot get it.
  await page.goto('/entra/licenses');
  await page.getByRole('link', { name: 'Office 365 E5' }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign license' });
  for (const [typed, name] of [['Jane', 'Jane Clayton'], ['Megan', 'Megan Bowen'], ['Tricia', 'Tricia Nguyen']]) {
    await dialog.getByRole('searchbox', { name: 'Type a name' }).fill(typed);
    await dialog.getByRole('option', { name: new RegExp(name) }).click();
  }
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog.locator('ul.seats').getByRole('alert')).toContainText('1 more Office 365 E5 license is needed');
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 succeeded, 1 failed.');
  const outcome = dialog.getByRole('table', { name: 'Outcome' });
  await expect(outcome.getByRole('row').nth(1)).toContainText('Failed: Not enough licenses');
  await expect(outcome.getByRole('row', { name: /Jane Clayton/ })).toContainText('Succeeded');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Licensed users' }).getByRole('row', { name: /Jane Clayton/ })).toBeVisible();
});
