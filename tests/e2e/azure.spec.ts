import { test, expect, Page } from './fixtures';
import { expectFound, violations, DEMO_GUESTS } from './helpers';

// The Azure portal procedures of seeds 000, 001 and 002 on the simulated tenant, walked as a
// person would, checking what the page shows after each step. With SCREENS=1 each test also
// runs at phone size and saves its key steps into tests/screens/.
const sizes = process.env.SCREENS ? [{ width: 1280, height: 800 }, { width: 390, height: 844 }] : [{ width: 1280, height: 800 }];

async function shot(page: Page, name: string) {
  if (process.env.SCREENS) await page.screenshot({ path: `screens/azure-${name}-${page.viewportSize()?.width}.png`, fullPage: true });
}

/** The portal's sign-in: the address, Next, and which account when it is two. */
async function portalSignIn(page: Page, address: string, kind?: 'Work or school account' | 'Personal account') {
  const form = page.getByRole('region', { name: 'Sign in' });
  await form.getByLabel('Email address').fill(address);
  await form.getByRole('button', { name: 'Next' }).click();
  if (kind) await form.getByRole('button', { name: kind }).click();
  await expect(form).toHaveCount(0);
}

async function signOut(page: Page) {
  await page.getByTestId('portal-account').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('region', { name: 'Sign in' })).toBeVisible();
}

/** Follows a link of the side navigation, opening it first where it folds away (phones). */
async function goTo(page: Page, name: string) {
  if ((page.viewportSize()?.width ?? 1280) <= 720) await page.getByRole('button', { name: 'Navigation' }).click();
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name, exact: true }).click();
}

for (const size of sizes) {
  test.describe(`at ${size.width}px`, () => {
    test.use({ viewport: size });

    test('seed 000: link the Office 365 tenant to the Azure subscription, steps 1 to 3, and seed 002', async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto('/');
      await goTo(page, 'Azure portal');
      await page.getByRole('link', { name: 'Link an Office 365 tenant to an Azure subscription' }).click();
      await portalSignIn(page, 'kelley@outlook.com');
      // Before you begin: every prerequisite met for the service administrator.
      const checks = page.getByRole('list', { name: 'Prerequisites' });
      await expect(checks.getByRole('listitem')).toHaveCount(5);
      await expect(checks).not.toContainText('Not met');
      await expect(checks).toContainText('admin@contoso.onmicrosoft.com');
      await shot(page, '000-before-you-begin');

      // Step 1: ACTIVE DIRECTORY shows no Office 365 tenant.
      await page.getByRole('link', { name: /Step 1/ }).click();
      const dirs = page.getByRole('table', { name: 'Directories' });
      await expect(dirs.getByRole('row')).toHaveCount(2);
      await expect(dirs).toContainText('Default Directory');
      await expect(page.getByText("The Contoso Office 365 tenant isn't listed")).toBeVisible();
      await page.getByRole('button', { name: 'New' }).click();
      await page.getByRole('button', { name: 'Custom create' }).click();
      const add = page.getByRole('dialog', { name: 'Add directory' });
      await add.getByRole('radio', { name: 'Use existing directory' }).check();
      await expect(add.getByRole('button', { name: 'Complete' })).toBeDisabled();
      await add.getByRole('checkbox', { name: 'I am ready to be signed out' }).check();
      await shot(page, '000-add-directory');
      await add.getByRole('button', { name: 'Complete' }).click();

      // Signed out; someone who is not a Global admin is told whose credentials are needed.
      await expect(page.getByText('Sign in with the credentials of a Global admin')).toBeVisible();
      await portalSignIn(page, 'jane@contoso.com');
      await page.getByRole('region', { name: 'Request from kelley@outlook.com' }).getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert')).toContainText("jane@contoso.com isn't a Global admin of a directory");
      await signOut(page);
      await portalSignIn(page, 'admin@contoso.onmicrosoft.com');
      await shot(page, '000-continue');
      await page.getByRole('region', { name: 'Request from kelley@outlook.com' }).getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('status')).toContainText('The Contoso directory can now be used with Azure');
      await page.getByRole('button', { name: 'Sign out now' }).click();
      await portalSignIn(page, 'kelley@outlook.com');
      await expect(dirs.getByRole('row')).toHaveCount(3);
      await expect(dirs.getByRole('row', { name: /Contoso/ })).toContainText('Guest');
      await shot(page, '000-directory-listed');

      // Step 2: Settings, the subscription, Edit directory, the directory, Next, the review.
      await goTo(page, 'Settings');
      await page.getByRole('button', { name: 'Edit directory of Pay-As-You-Go' }).click();
      const edit = page.getByRole('dialog', { name: 'Change the associated directory of Pay-As-You-Go' });
      await edit.getByRole('combobox', { name: 'Directory' }).selectOption({ label: 'Contoso (contoso.onmicrosoft.com)' });
      await edit.getByRole('button', { name: 'Next' }).click();
      await expect(edit.getByRole('list', { name: 'Co-administrators removed' }).getByRole('listitem')).toHaveText(['sam.jones@outlook.com', 'ana.silva@hotmail.com']);
      await expect(edit.getByRole('list', { name: 'Resource group access removed' }).getByRole('listitem')).toHaveText([
        'ravi.patel@outlook.com: Contributor on web-rg',
        'lena.fischer@outlook.com: Reader on data-rg',
      ]);
      await expect(edit).toContainText("The classic portal's warning mentioned only the co-administrators");
      await shot(page, '000-review');
      await edit.getByRole('button', { name: 'Complete' }).click();
      await expect(edit.getByRole('status')).toContainText('now in the directory you chose');
      await edit.getByRole('button', { name: 'Close' }).click();
      await expect(page.getByRole('table', { name: 'Subscriptions' }).getByRole('row', { name: /Pay-As-You-Go/ })).toContainText('Contoso');

      // Step 3 and seed 002: Administrators > Add, the organizational account, the subscription, the check mark.
      await page.getByRole('link', { name: 'Administrators' }).click();
      const admins = page.getByRole('table', { name: 'Administrators' });
      await expect(admins.getByRole('row')).toHaveCount(2, { timeout: 10_000 }); // header + service administrator: co-administrators are gone
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const addAdmin = page.getByRole('dialog', { name: 'Add a co-administrator' });
      await addAdmin.getByLabel('Email address').fill('admin@contoso.onmicrosoft.com');
      await addAdmin.getByRole('checkbox', { name: 'Pay-As-You-Go' }).check();
      await addAdmin.getByRole('button', { name: 'OK' }).click();
      await expect(addAdmin.getByRole('status')).toContainText('admin@contoso.onmicrosoft.com is now a co-administrator');
      await addAdmin.getByRole('button', { name: 'Close' }).click();
      await expect(admins.getByRole('row', { name: /admin@contoso.onmicrosoft.com/ })).toContainText('Co-administrator');

      // The organizational account sees the subscription when it signs in, and serves Power BI too.
      await signOut(page);
      await portalSignIn(page, 'admin@contoso.onmicrosoft.com');
      await goTo(page, 'Subscriptions');
      await expect(page.getByRole('table', { name: 'Subscriptions' }).getByRole('row', { name: /Pay-As-You-Go/ })).toContainText('Co-administrator');
      await expect(page.getByRole('status').filter({ hasText: 'Power BI' })).toContainText('one sign-in serves Power BI and Azure');
      await shot(page, '002-subscriptions');

      // It is all in the journal: a reload keeps it, the guest is in Guest users, the log tells it.
      await page.reload();
      await expect(page.getByRole('table', { name: 'Subscriptions' }).getByRole('row', { name: /Pay-As-You-Go/ })).toBeVisible();
      await page.goto('/users/guests');
      await expectFound(page, DEMO_GUESTS + 1);
      await page.goto('/activity');
      const log = page.getByRole('table', { name: 'Activity' });
      await expect(log.getByRole('row', { name: /Azure: co-administrator admin@contoso.onmicrosoft.com added/ })).toContainText('kelley@outlook.com');
      await expect(log.getByRole('row', { name: /Azure: subscription moved to another directory/ })).toBeVisible();
      // Undo takes the last portal change back like any other.
      await page.getByRole('button', { name: 'Undo last change' }).click();
      await expect(page.getByRole('status')).toHaveText('Undone: Azure: co-administrator admin@contoso.onmicrosoft.com added');
      await page.goto('/azure/subscriptions');
      await expect(page.getByText('This account has no Azure subscriptions.')).toBeVisible();
    });

    test("seed 000: a failing prerequisite stops the procedure with its reason and fix", async ({ page }) => {
      await page.goto('/azure/link');
      // A co-administrator cannot.
      await portalSignIn(page, 'sam.jones@outlook.com');
      const checks = page.getByRole('list', { name: 'Prerequisites' });
      await expect(checks.getByRole('listitem').first()).toContainText("Not met: You're signed in as a co-administrator of Pay-As-You-Go. Co-administrators can't");
      await expect(checks.getByRole('listitem').first()).toContainText('Sign out and sign in as the service administrator, kelley@outlook.com');
      await expect(page.getByRole('alert')).toContainText("Fix the prerequisites that aren't met");
      await expect(page.getByRole('link', { name: /Step 1/ })).toHaveCount(0);
      // An address that is both a Microsoft account and an organizational account.
      await signOut(page);
      await portalSignIn(page, 'alexw@contoso.com', 'Personal account');
      await expect(checks.getByRole('listitem').filter({ hasText: 'Not met' })).toHaveCount(2);
      await expect(checks).toContainText('is in the Contoso Office 365 tenant');
      await expect(checks).toContainText('is both a Microsoft account and an organizational account');
      await shot(page, '000-prerequisites-failing');
      expect(await violations(page)).toEqual([]);
      // The fix: hand the service administrator role to another Microsoft account.
      await page.goto('/azure/settings?tab=administrators');
      await page.getByRole('button', { name: 'Change service administrator of Visual Studio Professional' }).click();
      const change = page.getByRole('dialog', { name: 'Change service administrator of Visual Studio Professional' });
      await change.getByLabel("New service administrator's email address").fill('alexw@contoso.com');
      await change.getByRole('button', { name: 'Save' }).click();
      await expect(change.getByRole('alert')).toContainText('is both a Microsoft account and an organizational account. Choose another Microsoft account.');
      await change.getByLabel("New service administrator's email address").fill('alex.wilber@outlook.com');
      await change.getByRole('button', { name: 'Save' }).click();
      await expect(change.getByRole('status')).toContainText('The service administrator was changed');
      await change.getByRole('button', { name: 'Close' }).click();
      await signOut(page);
      await portalSignIn(page, 'alex.wilber@outlook.com');
      await page.goto('/azure/link');
      await expect(checks.getByRole('listitem')).toHaveCount(5);
      await expect(checks).not.toContainText('Not met');
    });

    test('seed 001, scenario 1: an Office 365 user signs up for Azure in the same directory', async ({ page }) => {
      await page.goto('/users/active');
      // The list is read once it is there (the simulated tenant answers from its worker).
      await expect(page.getByTestId('found')).toHaveText(/^\d+ users found/);
      const active = Number((await page.getByTestId('found').innerText()).split(' ')[0]);
      await page.goto('/azure/sign-up');
      await page.getByRole('button', { name: 'Try for free' }).click();
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.getByRole('button', { name: 'Sign in with your organizational account' }).click();
      // Only a work or school account here.
      await page.getByLabel('Email address').fill('kelley@outlook.com');
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByRole('alert')).toContainText("We couldn't find a work or school account");
      await portalSignIn(page, 'admin@contoso.onmicrosoft.com');
      await page.getByLabel('Phone number').fill('+1 425 555 0100');
      await expect(page.getByRole('button', { name: 'Sign up' })).toBeDisabled();
      await page.getByRole('checkbox', { name: /I agree/ }).check();
      await shot(page, '001-sign-up');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('link', { name: 'Start managing my service' }).click();
      // Browse > Active Directory > the directory > USERS: the same users as Active users.
      await page.getByRole('table', { name: 'Directories' }).getByRole('link', { name: 'Contoso' }).click();
      const users = page.getByRole('table', { name: 'Users' });
      await expect(users.getByRole('row', { name: /Kelley Wall/ })).toBeVisible();
      // Active users lists members and guests alike, as the directory's USERS does.
      await expect(page.getByRole('status').filter({ hasText: 'users' })).toHaveText(`${active} users`);
      await expect(users.getByRole('row')).toHaveCount(active + 1);
      await expect(users.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Guest', exact: true }) })).toHaveCount(DEMO_GUESTS);
      await shot(page, '001-directory-users');
      await goTo(page, 'Subscriptions');
      await expect(page.getByRole('table', { name: 'Subscriptions' }).getByRole('row', { name: /Free Trial/ })).toContainText('Contoso');
    });

    test('seed 001, scenario 2: only a Global or Billing admin buys Office 365; how to know your role', async ({ page }) => {
      await page.goto('/billing/licenses');
      const products = page.getByRole('table', { name: 'Products' }).getByRole('row');
      await expect(products.filter({ hasText: 'Office 365 E3' })).toBeVisible();
      const before = await products.count();
      await page.goto('/azure/office-365');
      await page.getByRole('button', { name: 'Select Microsoft 365 Business Basic' }).click();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await portalSignIn(page, 'jane@contoso.com');
      await page.getByRole('button', { name: 'Try now' }).click();
      await expect(page.getByRole('alert')).toContainText('you must be a global admin or billing admin of Contoso. Your role is User.');
      await shot(page, '001-office-365-refused');
      // How to know your role: ACTIVE DIRECTORY > USERS > the user > ORGANIZATIONAL ROLE.
      await page.getByRole('link', { name: /ORGANIZATIONAL ROLE/ }).click();
      await page.getByRole('table', { name: 'Directories' }).getByRole('link', { name: 'Contoso' }).click();
      await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Jane Clayton' }).click();
      await expect(page.getByTestId('org-role')).toHaveText('User');
      await page.getByRole('link', { name: 'Back to USERS' }).click();
      await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Patti Fernandez' }).click();
      await expect(page.getByTestId('org-role')).toHaveText('Billing administrator');
      // The Billing admin may.
      await page.goto('/azure/office-365');
      await page.getByRole('button', { name: 'Select Microsoft 365 Business Basic' }).click();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await portalSignIn(page, 'pattif@contoso.com');
      await page.getByRole('button', { name: 'Try now' }).click();
      await expect(page.getByRole('heading', { name: 'Order receipt' })).toBeVisible();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.goto('/billing/licenses');
      await expect(products).toHaveCount(before + 1);
      await expect(page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /Microsoft 365 Business Basic/ })).toContainText('0 of 25');
    });
  });
}

test('the portal pages pass axe and work by keyboard', async ({ page }) => {
  await page.goto('/azure/directories');
  await expect(page.getByRole('region', { name: 'Sign in' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Email address').focus();
  await page.keyboard.type('kelley@outlook.com');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('portal-account')).toContainText('kelley@outlook.com');
  await page.getByRole('button', { name: 'New' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const add = page.getByRole('dialog', { name: 'Add directory' });
  await expect(add).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(add).toHaveCount(0);
  await page.goto('/azure/settings');
  await page.getByRole('button', { name: 'Edit directory of Pay-As-You-Go' }).click();
  expect(await violations(page)).toEqual([]);
});

test('the Power BI and Azure exercise (seed 002) is done in the Azure portal and checked', async ({ page }) => {
  await page.goto('/training/same-account-power-bi-azure');
  const bar = page.getByRole('region', { name: 'Exercise' });
  await expect(bar).toContainText('Exercise: Use the same account for Power BI and Azure');
  await bar.getByRole('button', { name: 'Check my work' }).click();
  await expect(bar.getByRole('list', { name: 'Check results' })).toContainText('admin@contoso.onmicrosoft.com is not a co-administrator of Pay-As-You-Go yet');
  await goTo(page, 'Settings');
  await portalSignIn(page, 'kelley@outlook.com');
  await page.getByRole('link', { name: 'Administrators' }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const addAdmin = page.getByRole('dialog', { name: 'Add a co-administrator' });
  await addAdmin.getByLabel('Email address').fill('admin@contoso.onmicrosoft.com');
  await addAdmin.getByRole('checkbox', { name: 'Pay-As-You-Go' }).check();
  await addAdmin.getByRole('button', { name: 'OK' }).click();
  await addAdmin.getByRole('button', { name: 'Close' }).click();
  await bar.getByRole('button', { name: 'Check my work' }).click();
  await expect(bar.getByRole('status')).toHaveText(/^Completed in .*Well done\.$/);
});
