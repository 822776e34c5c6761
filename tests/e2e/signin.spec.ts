import { test, expect, Page } from './fixtures';
import { addFilter, column, expectFound, invite, rows, violations, DEMO_GUESTS, saveLicence } from './helpers';

// The app signed in for real: authorization code with PKCE against a real OpenID Connect
// provider (the oidc-provider package, tests/oidc/provider.mjs, access tokens valid 15 s),
// calling a graph-server that checks those tokens against the provider's keys.

const PROVIDER = 'http://127.0.0.1:8795';
const TOKEN_TTL_MS = 15_000;

// One provider and one tenant for all: the tests revoke tokens and change licences.
test.describe.configure({ mode: 'serial' });

/** Tokens the provider handed to the page, collected as they pass on the network. */
function watchTokens(page: Page) {
  const seen = { tokens: [] as string[], refreshes: 0, graph401: 0 };
  page.on('request', (r) => {
    if (r.url() === `${PROVIDER}/token` && (r.postData() ?? '').includes('grant_type=refresh_token')) seen.refreshes++;
  });
  page.on('response', async (r) => {
    if (r.url() === `${PROVIDER}/token` && r.status() === 200) {
      const body = await r.json().catch(() => ({}));
      for (const k of ['access_token', 'refresh_token', 'id_token']) if (body[k]) seen.tokens.push(body[k]);
    }
    if (r.url().startsWith('http://127.0.0.1:8789/') && r.status() === 401) seen.graph401++;
  });
  return seen;
}

/** The app's Sign in, then the provider's own login and consent pages. */
async function signIn(page: Page, upn: string, path = '/users/guests') {
  await page.goto(path);
  // A plain load first tries a silent sign-in, which finds no session: the Sign in page.
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await expect(button).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await button.click();
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/`));
  await page.locator('input[name="login"]').fill(upn);
  await page.locator('input[name="password"]').fill('not checked by the test provider');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // consent, once per provider session
  await expect(page).toHaveURL(new RegExp(`^http://127.0.0.1:4176${path}$`));
}

/** Everything the page keeps in its storage, as one text. */
async function storage(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }));
}

test('sign in through the provider, filter guests and assign a licence; no token in storage or the address', async ({ page }) => {
  const seen = watchTokens(page);
  await signIn(page, 'admin@contoso.onmicrosoft.com', '/entra/users');
  await expect(page.getByTestId('signed-in')).toContainText('Kelley Wall');
  await expect(page.getByTestId('signed-in')).toContainText('Global admin');
  expect(page.url()).not.toMatch(/code=|state=/);

  await addFilter(page, 'User type', 'Guest');
  await expectFound(page, DEMO_GUESTS);
  expect(new Set(await column(page, 'User type'))).toEqual(new Set(['Guest']));

  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Active users' }).click();
  const dialog = await saveLicence(page, 'Lidia Holloway', /Microsoft Entra ID P2/);
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');

  expect(seen.tokens.length).toBeGreaterThanOrEqual(3);
  const kept = await storage(page);
  for (const t of seen.tokens) expect(kept).not.toContain(t);

  // A reload signs in again silently (prompt=none): no login page, back on the same page.
  await page.reload();
  await expect(page.getByTestId('signed-in')).toContainText('Kelley Wall');
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:4176\/users\/active/);
  await expect(rows(page).filter({ hasText: 'Lidia Holloway' })).toContainText('Microsoft Entra ID P2');
});

test('the access token expires mid-work and the next actions still succeed', async ({ page }) => {
  const seen = watchTokens(page);
  await signIn(page, 'admin@contoso.onmicrosoft.com');
  await expectFound(page, DEMO_GUESTS);

  // The token runs out while the admin reads: it is refreshed before the next request.
  await page.waitForTimeout(TOKEN_TTL_MS + 1_000);
  await page.getByRole('navigation', { name: 'Admin centers' }).getByRole('link', { name: 'Active users' }).click();
  await expect(rows(page).first()).toBeVisible();
  expect(seen.refreshes).toBeGreaterThanOrEqual(1);
  expect(seen.graph401).toBe(0);

  // The page's clock stops, so it believes its token is still fresh: graph-server refuses
  // the expired token (401), and the app refreshes once and sends the request again.
  await page.clock.setFixedTime(Date.now());
  await page.waitForTimeout(TOKEN_TTL_MS + 1_000);
  const dialog = await saveLicence(page, 'Isaiah Langer', /Microsoft Entra ID P2/);
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  expect(seen.graph401).toBeGreaterThanOrEqual(1);
});

test('when refreshing fails the page asks to sign in again, keeps its work, and the save goes on', async ({ page, request }) => {
  await signIn(page, 'admin@contoso.onmicrosoft.com', '/users/active');
  await expect(rows(page).first()).toBeVisible();

  // The provider forgets every refresh token; once the access token runs out, the next
  // request cannot be signed.
  expect((await request.post(`${PROVIDER}/__test/revoke`)).status()).toBe(204);
  await page.waitForTimeout(TOKEN_TTL_MS + 1_000);
  const dialog = await saveLicence(page, 'Megan Bowen', /Microsoft Entra ID P2/);
  const again = page.getByRole('dialog', { name: 'Sign in again to continue' });
  await expect(again).toBeVisible();
  await expect(again.getByRole('alert')).toContainText('Your sign-in has ended');
  // The dialog with its chosen change is still open, waiting.
  await expect(dialog).toBeVisible();

  // Signing in again happens in a window of its own; the provider still knows the admin.
  const popup = page.waitForEvent('popup');
  await again.getByRole('button', { name: 'Sign in again' }).click();
  await (await popup).waitForEvent('close');
  await expect(again).toBeHidden();
  await expect(dialog.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
});

test('an admin without the needed role gets Graph\'s 403 with the role named', async ({ page }) => {
  await signIn(page, 'leeg@contoso.com', '/users/guests');
  await expect(page.getByTestId('signed-in')).toContainText('Global reader');
  const dialog = await invite(page, 'new.person@fabrikam.com', 'New Person');
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Insufficient privileges');
  await expect(alert).toContainText(/Guest Inviter|User Administrator/);
});

test('sign out ends the session: back to Sign in, no token anywhere in the page\'s storage', async ({ page }) => {
  const seen = watchTokens(page);
  await signIn(page, 'admin@contoso.onmicrosoft.com', '/users/guests');
  await expectFound(page, DEMO_GUESTS);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:4176\//);
  const kept = await storage(page);
  for (const t of seen.tokens) expect(kept).not.toContain(t);
  expect(kept).not.toContain('tenant-desk.signIn');
  // A reload does not sign in silently: the provider's session is over.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});
