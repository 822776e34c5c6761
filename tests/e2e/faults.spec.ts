import { test, expect, Page } from './fixtures';
import { found } from './helpers';

// The app over Graph on a generated tenant of 1,000 users where every request and every
// item inside a $batch is answered 429 (30 %) or 503 (5 %) with Retry-After: 1, after 50 ms
// (graph-server --users 1000 --throttle-rate 0.3 --unavailable-rate 0.05 --latency-ms 50
// --retry-after 1): a bulk Assign more of one product to all 1,000 users, clicked as an
// admin would, must end with each user holding it exactly once, and the outcome the page
// shows must be what the server holds.

const GRAPH = 'http://127.0.0.1:8791';
const ADMIN = { Authorization: 'Bearer dev:admin@contoso.onmicrosoft.com' };
const USERS = 1000;
const PRODUCT = 'POWER_BI_STANDARD';
const PRODUCT_NAME = /Power BI \(free\)/;

type Stats = { requests: number; batches: number; batchItems: number; throttled: number; unavailable: number };
type Sku = { skuId: string; skuPartNumber: string; consumedUnits: number; prepaidUnits: { enabled: number } };
type User = { id: string; usageLocation: string | null; assignedLicenses: { skuId: string }[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Graph GET from the test itself, waiting out the injected 429s and 503s as a client must. */
async function graph<T = any>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const full = url.startsWith('http') ? url : `${GRAPH}/v1.0${url}`;
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(full, { headers: { ...ADMIN, ...headers } });
    if (res.ok) return (await res.json()) as T;
    if ((res.status === 429 || res.status === 503) && attempt < 40) {
      await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
      continue;
    }
    throw new Error(`GET ${full}: ${res.status} ${await res.text()}`);
  }
}

/** Every page of a collection, following @odata.nextLink. */
async function all<T>(url: string, headers: Record<string, string> = {}): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = url;
  while (next) {
    const page: { value: T[]; '@odata.nextLink'?: string } = await graph(next, headers);
    out.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return out;
}

async function stats(): Promise<Stats> {
  const res = await fetch(`${GRAPH}/_stats`);
  expect(res.ok).toBe(true);
  return (await res.json()) as Stats;
}

async function sku(): Promise<Sku> {
  const skus = await all<Sku>('/subscribedSkus');
  const s = skus.find((x) => x.skuPartNumber === PRODUCT);
  expect(s, `${PRODUCT} in subscribedSkus`).toBeDefined();
  return s!;
}

async function users(): Promise<User[]> {
  return all<User>('/users?$select=id,usageLocation,assignedLicenses&$top=999');
}

/** The number of users holding `skuId`, as Graph counts them. */
async function holders(skuId: string): Promise<number> {
  const filter = encodeURIComponent(`assignedLicenses/any(x:x/skuId eq ${skuId})`);
  const page = await graph<{ '@odata.count': number }>(`/users?$filter=${filter}&$count=true&$select=id&$top=1`, { ConsistencyLevel: 'eventual' });
  return page['@odata.count'];
}

const delta = (a: Stats, b: Stats) =>
  Object.fromEntries(Object.keys(b).map((k) => [k, b[k as keyof Stats] - a[k as keyof Stats]])) as Stats;

/**
 * Active users > Select all users in this view > Manage product licenses (1000) > Assign
 * more > the product (and a usage location if asked) > Review changes, with the preview
 * checked > Save changes; returns the dialog, how many users the preview said will change,
 * the outcome's counts, how many of those changing succeeded, and what the server counted
 * during the save.
 */
/** USERS as the page writes it (numbers follow the language: 1,000 in English). */
const SHOWN = USERS.toLocaleString('en-US');

async function assignToAll(page: Page) {
  await page.goto('/users/active');
  await expect(found(page)).toHaveText(`${SHOWN} users found`, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  const manage = page.getByRole('button', { name: `Manage product licenses (${SHOWN})` });
  await expect(manage).toBeVisible({ timeout: 120_000 });
  await manage.click();

  const dialog = page.getByRole('dialog', { name: `Manage product licenses for ${SHOWN} users` });
  await dialog.getByRole('radio', { name: /Assign more/ }).check();
  await dialog.getByRole('checkbox', { name: PRODUCT_NAME }).check();
  // Asked only while some selected user has no usage location.
  const location = dialog.getByRole('combobox', { name: 'Usage location' });
  if (await location.isVisible()) await location.selectOption({ label: 'Netherlands' });
  await dialog.getByRole('button', { name: 'Review changes' }).click();

  await expect(dialog.getByRole('heading', { name: 'Preview' })).toBeVisible();
  const summary = dialog.getByRole('status');
  await expect(summary).toHaveText(new RegExp(`^[\\d,]+ of ${SHOWN} users will change; 0 would fail\\.$`));
  const changing = Number((await summary.innerText()).match(/^([\d,]+)/)![1].replace(/,/g, ''));
  await expect(dialog.locator('.seats')).toContainText(`Power BI (free): uses ${changing.toLocaleString('en-US')} of`);

  const before = await stats();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Saving changes' })).toBeVisible();
  const outcome = dialog.locator('p.outcome[role="status"]');
  await expect(outcome).toHaveText(/^[\d,]+ succeeded, [\d,]+ failed\.$/, { timeout: 300_000 });
  const during = delta(before, await stats());
  const [, ok, failed] = (await outcome.innerText()).replace(/(\d),(\d)/g, '$1$2').match(/^(\d+) succeeded, (\d+) failed\.$/)!.map(Number);
  // Every selected user has an outcome; those with nothing to change count as succeeded.
  expect(ok + failed, 'every selected user has an outcome').toBe(USERS);
  expect(failed).toBeLessThanOrEqual(changing);
  return { dialog, changing, ok, failed, assigned: changing - failed, during };
}

test('Assign more of one product to 1,000 users through throttling and outages gives each exactly one licence', async ({ page }, testInfo) => {
  test.setTimeout(600_000);

  // The tenant as it starts: 1,000 users, none holding the product, enough seats.
  const start = await sku();
  const usersBefore = await users();
  expect(usersBefore).toHaveLength(USERS);
  expect(await holders(start.skuId)).toBe(0);
  expect(usersBefore.filter((u) => u.assignedLicenses.some((l) => l.skuId === start.skuId))).toEqual([]);
  expect(start.prepaidUnits.enabled - start.consumedUnits).toBeGreaterThanOrEqual(USERS);
  expect(usersBefore.some((u) => !u.usageLocation), 'some users need a usage location (guests have none)').toBe(true);

  // The first save: all 1,000 users change. What the page says succeeded is what the
  // server holds.
  const first = await assignToAll(page);
  expect(first.changing).toBe(USERS);
  const shot = `${testInfo.project.outputDir}/faults-outcome.png`;
  await first.dialog.screenshot({ path: shot });
  await testInfo.attach('outcome of the first save', { path: shot, contentType: 'image/png' });
  const said = `${first.ok} succeeded, ${first.failed} failed; the server saw ${JSON.stringify(first.during)}`;
  testInfo.annotations.push({ type: 'first save', description: said });
  console.log(`first save: ${said}`);
  // The faults were really there, and not only on whole responses: more 429s and 503s than
  // requests means items inside $batch answers were faulted too.
  expect(first.during.throttled).toBeGreaterThan(0);
  expect(first.during.unavailable).toBeGreaterThan(0);
  expect(first.during.batchItems).toBeGreaterThanOrEqual(USERS);
  expect(first.during.throttled + first.during.unavailable).toBeGreaterThan(first.during.requests);
  expect(first.ok).toBe(first.assigned);
  expect((await sku()).consumedUnits).toBe(start.consumedUnits + first.assigned);
  expect(await holders(start.skuId)).toBe(first.assigned);

  // Every user ends as previewed in that one save: throttles told when to come back are
  // waited out, however many, and no call that succeeded is sent again.
  expect(first.failed).toBe(0);
  expect(first.ok).toBe(USERS);
  await expect(first.dialog.getByRole('status').filter({ hasText: 'succeeded' })).toHaveText(`${SHOWN} succeeded, 0 failed.`);

  // The tenant now: exactly 1,000 more seats used, every user holding the product once, and
  // those who had no usage location got the one chosen; the others kept theirs.
  const end = await sku();
  expect(end.consumedUnits - start.consumedUnits).toBe(USERS);
  expect(await holders(start.skuId)).toBe(USERS);
  const usersAfter = await users();
  expect(usersAfter).toHaveLength(USERS);
  expect(new Set(usersAfter.map((u) => u.id)).size).toBe(USERS);
  const copies = usersAfter.filter((u) => u.assignedLicenses.filter((l) => l.skuId === start.skuId).length !== 1);
  expect(copies.map((u) => u.id), 'users not holding the product exactly once').toEqual([]);
  const was = new Map(usersBefore.map((u) => [u.id, u]));
  for (const u of usersAfter) {
    const before = was.get(u.id);
    expect(before, `user ${u.id} existed before`).toBeDefined();
    expect(u.usageLocation).toBe(before!.usageLocation || 'NL');
    // Assign more keeps what they held.
    for (const l of before!.assignedLicenses) expect(u.assignedLicenses.map((a) => a.skuId)).toContain(l.skuId);
  }
});
