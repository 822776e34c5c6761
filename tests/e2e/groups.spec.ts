import { test, expect, Page } from './fixtures';
import { openAssignments, rows } from './helpers';

async function openGroup(page: Page, name: string) {
  await page.goto('/entra/groups');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
}

test('a group licence: preview, assign to every member, then remove it', async ({ page }) => {
  await openGroup(page, 'All staff');
  await expect(page.getByRole('status')).toContainText('License processing: No licenses. 5 members.');
  await page.getByRole('button', { name: 'Assignments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign licenses to All staff' });
  await dialog.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('5 members; 0 would end in an error state.');
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Jane Clayton/ })).toContainText('Microsoft Entra ID P2');
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog).toBeHidden();
  const licences = page.getByRole('table', { name: 'Licenses' });
  await expect(licences.getByRole('rowheader', { name: 'Microsoft Entra ID P2' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('All licenses assigned');

  // Every member now holds it, inherited from the group.
  await page.goto('/users/active');
  await rows(page).filter({ hasText: 'Tricia Nguyen' }).click();
  const panel = page.getByRole('dialog', { name: 'Tricia Nguyen' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByText('Inherited from All staff')).toBeVisible();

  await openGroup(page, 'All staff');
  await page.getByRole('button', { name: 'Remove license Microsoft Entra ID P2' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove license from All staff' });
  await expect(remove.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Tricia Nguyen/ })).toContainText('Microsoft Entra ID P2');
  await remove.getByRole('button', { name: 'Remove license' }).click();
  await expect(remove).toBeHidden();
  await expect(page.getByRole('table', { name: 'Licenses' }).getByRole('rowheader')).toHaveCount(0);
});

test('members in error show the reason and the fix, and Reprocess clears them after the fix', async ({ page }) => {
  await openGroup(page, 'Frontline E1');
  await expect(page.getByRole('status')).toContainText('Complete, with errors');
  const errors = page.getByRole('table', { name: 'Members with license errors' });
  const joni = errors.getByRole('row', { name: /Joni Sherman/ });
  await expect(joni).toContainText('Conflicting service plans');
  await expect(joni).toContainText('turn off one of the conflicting services');

  // The fix: Joni's direct Office 365 E3 conflicts with the group's E1; remove it.
  await page.goto('/users/active');
  const { dialog } = await openAssignments(page, 'Joni Sherman');
  await dialog.getByRole('checkbox', { name: /Office 365 E3/ }).uncheck();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByRole('row', { name: /Joni Sherman/ })).toContainText('Office 365 E3');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await openGroup(page, 'Frontline E1');
  await page.getByRole('button', { name: 'Reprocess' }).click();
  await expect(page.getByText('No member is in an error state.')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('All licenses assigned');
});

test('deleted synced users keep their licences, marked suspended', async ({ page }) => {
  await page.goto('/users/deleted');
  await rows(page).filter({ hasText: 'Oliver Smith' }).click();
  const panel = page.getByRole('dialog', { name: 'Oliver Smith' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await expect(panel.getByText(/Suspended/)).toBeVisible();
});

test('seed 004: All products > product > Assign > Users and groups > Assignment options > OK > Assign', async ({ page }) => {
  await page.goto('/entra/licenses');
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await expect(page).toHaveTitle(/Microsoft Entra admin center/);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign license' });
  await dialog.getByRole('tab', { name: 'Users and groups' }).click();
  await dialog.getByRole('searchbox', { name: 'Type a name' }).fill('Lidia');
  await dialog.getByRole('option', { name: /Lidia Holloway/ }).click();
  await dialog.getByRole('searchbox', { name: 'Search groups' }).fill('All');
  await dialog.getByRole('checkbox', { name: 'Select group All staff' }).check();
  await expect(dialog.getByRole('status')).toHaveText('1 users and 1 groups selected');
  await dialog.getByRole('tab', { name: 'Assignment options' }).click();
  await dialog.getByText('Turn apps and services on or off for Microsoft Entra ID P2').click();
  await dialog.locator('ul.plans').getByRole('checkbox').first().uncheck();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: 'Group All staff' })).toBeVisible();
  await expect(dialog.getByRole('table', { name: 'Preview' }).first().getByRole('row', { name: /Lidia Holloway/ })).toContainText('Ready');
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  // One outcome per user and per group.
  await expect(dialog.getByRole('status')).toHaveText('2 succeeded, 0 failed.');
  const outcome = dialog.getByRole('table', { name: 'Outcome' });
  await expect(outcome.getByRole('row', { name: /Lidia Holloway/ })).toContainText('Succeeded');
  await expect(outcome.getByRole('row', { name: /Group All staff/ })).toContainText('Succeeded');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Licensed users' }).getByRole('row', { name: /Lidia Holloway/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Licensed groups' }).getByRole('rowheader', { name: 'All staff' })).toBeVisible();
});

test('users and a group in one Entra assignment share the free seats in the preview', async ({ page }) => {
  await page.goto('/entra/licenses');
  await page.getByRole('link', { name: 'Office 365 E5' }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign license' });
  await dialog.getByRole('tab', { name: 'Users and groups' }).click();
  for (const [typed, name] of [['Jane', 'Jane Clayton'], ['Megan', 'Megan Bowen']]) {
    await dialog.getByRole('searchbox', { name: 'Type a name' }).fill(typed);
    await dialog.getByRole('option', { name: new RegExp(name) }).click();
  }
  await dialog.getByRole('searchbox', { name: 'Search groups' }).fill('All');
  await dialog.getByRole('checkbox', { name: 'Select group All staff' }).check();
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  // The two users take the last two seats; the group's part is planned on what is left, and
  // the seats are counted once over the whole change.
  const seats = dialog.locator('ul.seats');
  await expect(seats).toHaveCount(1);
  await expect(seats).toContainText(/Office 365 E5: uses \d+ of 2 available/);
  await expect(seats.getByRole('alert')).toContainText('Not enough licenses');
  const users = dialog.getByRole('region', { name: 'Users' });
  await expect(users.getByRole('table', { name: 'Preview' })).not.toContainText('Will fail');
  const group = dialog.getByRole('region', { name: 'Group All staff' });
  await expect(group.getByRole('table', { name: 'Preview' })).toContainText('Will fail');
  // Jane and Megan hold it directly by then: no second seat, no failure.
  for (const name of ['Jane Clayton', 'Megan Bowen']) {
    const row = group.getByRole('table', { name: 'Preview' }).getByRole('row', { name: new RegExp(name) });
    if (await row.count()) await expect(row).not.toContainText('Will fail');
  }
});
