import { test, expect, Page } from './fixtures';
import type { FrameLocator, TestInfo } from '@playwright/test';
import { saveLicence, violations } from './helpers';

// Tenant Desk embedded in an intranet page of another origin: tests/embed/host.html, served
// from 127.0.0.1:4179, frames the app (127.0.0.1:4178 on the simulated tenant; localhost:4178
// for Graph, against graph-server on 8792) and talks to it only by postMessage, each side
// to and from exactly the other's origin.

const APP = 'http://127.0.0.1:4178';
const GRAPH_APP = 'http://localhost:4178';
const HOST = 'http://127.0.0.1:4179';
const FOREIGN = 'http://localhost:4179';
const GRAPH = 'http://127.0.0.1:8792/';

/** The embedded app. */
function app(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Tenant Desk"]');
}

/** The events the intranet page heard, as it lists them ("tenantDesk.navigated {…}"). */
function events(page: Page) {
  return page.getByRole('list', { name: 'Events from Tenant Desk' }).getByRole('listitem');
}

/** The intranet page's own navigation. */
function intranet(page: Page) {
  return page.getByRole('navigation', { name: 'Intranet' });
}

/** The body of the last event of `type`, as the page listed it. */
async function lastEvent(page: Page, type: string): Promise<Record<string, unknown>> {
  const texts = await events(page).allInnerTexts();
  const text = texts.filter((t) => t.startsWith(`${type} `)).at(-1) ?? '';
  return JSON.parse(text.slice(type.length + 1) || '{}');
}

/** A custom property as the embedded page computes it on its root. */
async function token(page: Page, name: string): Promise<string> {
  return app(page).locator('html').evaluate((e, n) => getComputedStyle(e).getPropertyValue(n).trim(), name);
}

/**
 * Everything the embedded app keeps in its storage, as one text. A frame of another site
 * may have no storage at all (the browser's third-party rules): then that is the text.
 */
async function storage(page: Page): Promise<string> {
  return app(page)
    .locator('html')
    .evaluate(() => {
      try {
        return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });
      } catch (e) {
        return `no storage: ${e}`;
      }
    });
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = `${testInfo.project.outputDir}/embed-${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('the intranet page embeds the app, hears ready, navigated and resize, and its own navigation leads', async ({ page }, testInfo) => {
  await page.goto('/host.html');
  const frame = app(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(events(page).filter({ hasText: /^tenantDesk\.ready$/ })).toHaveCount(1);
  await expect(events(page).filter({ hasText: /^tenantDesk\.navigated \{"path":"\/"\}$/ })).toHaveCount(1);
  await expect(events(page).filter({ hasText: /^tenantDesk\.resize \{"height":\d+\}$/ }).first()).toBeVisible();
  const texts = await events(page).allInnerTexts();
  expect(texts.indexOf('tenantDesk.ready')).toBe(0);
  // The app shows its page only: no header, no admin center navigation.
  await expect(frame.getByRole('banner')).toHaveCount(0);
  await expect(frame.getByRole('navigation', { name: 'Admin centers' })).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'Reset tenant' })).toHaveCount(0);
  await expect(frame.getByRole('link', { name: 'Active users' }).first()).toBeVisible();

  await intranet(page).getByRole('button', { name: 'Licenses' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible();
  await expect(frame.getByRole('rowheader', { name: 'Office 365 E5', exact: true })).toBeVisible();
  await expect(events(page).filter({ hasText: 'tenantDesk.navigated {"path":"/billing/licenses"}' })).toHaveCount(1);
  // The page sizes the frame to the height the app reports.
  await expect
    .poll(async () => {
      const { height } = await lastEvent(page, 'tenantDesk.resize');
      const frameHeight = await page.locator('#tenant-desk').evaluate((e) => e.clientHeight);
      return frameHeight === Math.max(200, Number(height));
    })
    .toBe(true);
  // A link inside the app is followed there, and the page hears of it.
  await frame.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(events(page).filter({ hasText: /^tenantDesk\.navigated \{"path":"\/"\}$/ })).toHaveCount(2);
  expect(await violations(page)).toEqual([]);
  await screenshot(page, testInfo, 'home');
});

test('a licence change made in the frame is reported to the page with its users and counts', async ({ page }, testInfo) => {
  await page.goto('/host.html');
  const frame = app(page);
  await intranet(page).getByRole('button', { name: 'Active users' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Active users' })).toBeVisible();

  const one = await saveLicence(frame, 'Lidia Holloway', /Microsoft Entra ID P2/);
  await expect(one.getByRole('status')).toHaveText('1 succeeded, 0 failed.');
  const changed = events(page).filter({ hasText: /^tenantDesk\.changed / });
  await expect(changed).toHaveCount(1);
  expect(await lastEvent(page, 'tenantDesk.changed')).toEqual({
    change: 'Assign more',
    users: ['lidiah@contoso.com'],
    groups: [],
    succeeded: 1,
    failed: 0,
  });
  await one.getByRole('button', { name: 'Close' }).click();

  // Three users, two seats of Office 365 E5 free: two succeed, one fails (as licences.spec.ts).
  for (const name of ['Jane Clayton', 'Tricia Nguyen', 'Megan Bowen']) {
    await frame.getByRole('checkbox', { name: `Select ${name}` }).click();
  }
  await frame.getByRole('button', { name: 'Manage product licenses (3)' }).click();
  const dialog = frame.getByRole('dialog', { name: 'Manage product licenses for 3 users' });
  await dialog.getByRole('radio', { name: /Assign more/ }).check();
  await dialog.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('status')).toHaveText('2 succeeded, 1 failed.');
  await expect(changed).toHaveCount(2);
  const second = await lastEvent(page, 'tenantDesk.changed');
  expect({ ...second, users: [...(second.users as string[])].sort() }).toEqual({
    change: 'Assign more',
    users: ['jane@contoso.com', 'meganb@contoso.com', 'tricia@contoso.com'],
    groups: [],
    succeeded: 2,
    failed: 1,
  });
  await screenshot(page, testInfo, 'licence-change');
});

test('messages from another origin, or from a frame that is not the parent, change nothing', async ({ page }) => {
  const ignored: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('Tenant Desk ignored')) ignored.push(m.text());
  });
  const probes = [`${FOREIGN}/foreign.html`, `${HOST}/foreign.html`].map((p) => `probe=${encodeURIComponent(p)}`).join('&');
  await page.goto(`/host.html?${probes}`);
  const frame = app(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  const brand = await token(page, '--colorBrandBackground');
  expect(brand).toBe('#0f6cbd');

  // A frame of another origin, then one of the page's own origin that is not the parent.
  for (const origin of [FOREIGN, HOST]) {
    const other = page.frameLocator(`iframe[title="Another frame, from ${origin}"]`);
    await other.getByRole('button', { name: 'Send navigate to Teams and groups' }).click();
    await other.getByRole('button', { name: 'Send red theme' }).click();
  }
  // The app says on its console that it ignored all four, and why.
  await expect.poll(() => ignored.length).toBe(4);
  expect(ignored.filter((w) => w.includes(`from ${FOREIGN}: not the origin of the page that embeds it`))).toHaveLength(2);
  expect(ignored.filter((w) => w.includes('not sent by the page that embeds it (window.parent)'))).toHaveLength(2);
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  expect(await token(page, '--colorBrandBackground')).toBe(brand);
  await expect(events(page).filter({ hasText: '/groups' })).toHaveCount(0);

  // The parent itself is heard.
  await intranet(page).getByRole('button', { name: 'Teams and groups' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Teams & groups' })).toBeVisible();
});

test('a theme token from the page recolours the app; other properties and unsafe values are ignored', async ({ page }, testInfo) => {
  const ignored: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('Tenant Desk ignored')) ignored.push(m.text());
  });
  await page.goto('/host.html');
  const frame = app(page);
  await intranet(page).getByRole('button', { name: 'Licenses' }).click();
  const crumb = frame.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' });
  await expect(crumb).toHaveCSS('color', 'rgb(15, 108, 189)');

  await page.getByRole('button', { name: 'Intranet purple' }).click();
  await expect(crumb).toHaveCSS('color', 'rgb(92, 46, 145)');
  expect(await token(page, '--colorBrandBackground')).toBe('#5c2e91');
  await screenshot(page, testInfo, 'purple');

  // The page itself sends values that would load something or break out of their
  // declaration, and properties the app does not define; one plain token shows the
  // message was read.
  const body = await frame.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor);
  await page.evaluate((origin) => {
    const app = (document.getElementById('tenant-desk') as HTMLIFrameElement).contentWindow;
    app?.postMessage(
      {
        type: 'tenantDesk.theme',
        tokens: {
          '--colorBrandForeground1': 'url(https://evil.example/x.png)',
          '--colorNeutralBackground2': 'red; background-image: url(https://evil.example/y.png)',
          '--colorBrandBackground': 'expression(alert(1))',
          '--notAToken': 'red',
          color: 'red',
          '--colorNeutralForeground1': '#3b1f5e',
        },
      },
      origin,
    );
  }, APP);
  await expect(frame.getByRole('heading', { level: 1, name: 'Licenses' })).toHaveCSS('color', 'rgb(59, 31, 94)');
  await expect(crumb).toHaveCSS('color', 'rgb(92, 46, 145)');
  expect(await token(page, '--colorBrandBackground')).toBe('#5c2e91');
  expect(await token(page, '--notAToken')).toBe('');
  expect(await frame.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(body);
  expect(await frame.locator('body').evaluate((e) => getComputedStyle(e).backgroundImage)).toBe('none');
  await expect.poll(() => ignored.length).toBe(5);

  // Back to the app's own colours.
  await page.getByRole('button', { name: 'Tenant Desk blue' }).click();
  await expect(crumb).toHaveCSS('color', 'rgb(15, 108, 189)');
});

test('in Graph mode the page hands over the token the requests carry, and is asked again when it is refused or expires', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const sent = new Set<string>();
  page.on('request', async (r) => {
    if (r.url().startsWith(GRAPH) && r.method() !== 'OPTIONS') sent.add((await r.allHeaders())['authorization'] ?? '(none)');
  });
  const hand = async (accessToken: string, seconds: number) => {
    await page.getByRole('textbox', { name: 'Access token' }).fill(accessToken);
    await page.getByRole('spinbutton', { name: 'Valid for (seconds)' }).fill(String(seconds));
    await page.getByRole('button', { name: 'Hand over token' }).click();
  };
  const needed = (reason: string) => events(page).filter({ hasText: `tenantDesk.tokenNeeded {"reason":"${reason}"}` });

  await page.goto(`/host.html?app=${encodeURIComponent(`${GRAPH_APP}/`)}`);
  const frame = app(page);
  await expect(events(page).filter({ hasText: /^tenantDesk\.ready$/ })).toHaveCount(1);
  // No sign-in page of its own: it asks the page for a token, and sends nothing without.
  await expect(needed('missing')).toHaveCount(1);
  await expect(frame.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect([...sent]).toEqual([]);

  // A token Graph refuses (nobody in the tenant has this name): the page is asked again.
  await hand('dev:nobody@contoso.com', 3600);
  await expect(needed('refused')).toHaveCount(1);

  // A token that works for 15 seconds: the app shows the tenant's data.
  await hand('dev:admin@contoso.onmicrosoft.com', 15);
  await intranet(page).getByRole('button', { name: 'Active users' }).click();
  await expect(frame.getByTestId('found')).toHaveText(/^\d+ users found$/);
  await expect(frame.getByRole('checkbox', { name: 'Select Jane Clayton' })).toBeVisible();
  await expect.poll(() => [...sent].sort()).toEqual(['Bearer dev:admin@contoso.onmicrosoft.com', 'Bearer dev:nobody@contoso.com']);
  await screenshot(page, testInfo, 'graph');

  // When it expires, the page is asked for a new one before any request has to wait;
  // until it comes, requests wait instead of failing, then go with the new token.
  await expect(needed('expired')).toHaveCount(1, { timeout: 30_000 });
  const after: string[] = [];
  page.on('request', async (r) => {
    if (r.url().startsWith(GRAPH) && r.method() !== 'OPTIONS') after.push((await r.allHeaders())['authorization'] ?? '(none)');
  });
  await intranet(page).getByRole('button', { name: 'Teams and groups' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Teams & groups' })).toBeVisible();
  await expect(frame.getByRole('status')).toHaveText('Loading groups…');
  expect(after).toEqual([]);
  await hand('dev:admin@contoso.onmicrosoft.com', 3600);
  await expect(frame.getByRole('rowheader', { name: 'Sales E3' })).toBeVisible();
  await expect.poll(() => after.length).toBeGreaterThan(0);
  expect(new Set(after)).toEqual(new Set(['Bearer dev:admin@contoso.onmicrosoft.com']));
  await expect(events(page).filter({ hasText: /^tenantDesk\.tokenNeeded / })).toHaveCount(3);
  // Tokens stay in memory: none in the frame's storage.
  const kept = await storage(page);
  for (const t of ['dev:nobody', 'dev:admin']) expect(kept).not.toContain(t);
});

test('the app refuses to be framed by an origin that is not allowed: its pages carry frame-ancestors', async ({ page }) => {
  for (const url of [`${APP}/`, `${APP}/users/active`, `${GRAPH_APP}/`]) {
    const response = await page.goto(url);
    expect((await response?.allHeaders())?.['content-security-policy'], url).toBe(`frame-ancestors ${HOST}`);
  }
  // The same intranet page from another origin: the browser does not show the app in it.
  await page.goto(`${FOREIGN}/host.html`);
  const frame = page.frame({ name: 'tenant-desk' });
  await expect.poll(() => frame?.url()).toBe('chrome-error://chromewebdata/');
  await expect(events(page)).toHaveCount(0);
});

test('an error the admin is shown is posted to the page; a path that would leave the app is refused', async ({ page }) => {
  const ignored: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('Tenant Desk ignored')) ignored.push(m.text());
  });
  await page.goto('/host.html');
  const frame = app(page);
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  const navigate = (path: string) =>
    page.evaluate(
      ([origin, path]) =>
        (document.getElementById('tenant-desk') as HTMLIFrameElement).contentWindow?.postMessage({ type: 'tenantDesk.navigate', path }, origin),
      [APP, path],
    );
  for (const away of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) await navigate(away);
  await expect.poll(() => ignored.length).toBe(3);
  expect(ignored.every((w) => w.startsWith('Tenant Desk ignored tenantDesk.navigate: a path must'))).toBe(true);
  await expect(frame.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();

  await navigate('/entra/groups/00000000-0000-0000-0000-000000000000');
  const alert = frame.getByRole('alert');
  await expect(alert).toBeVisible();
  const shown = (await alert.locator('strong').innerText()).trim();
  await expect(events(page).filter({ hasText: /^tenantDesk\.error / })).toHaveCount(1);
  expect(await lastEvent(page, 'tenantDesk.error')).toEqual({ message: shown });
});
