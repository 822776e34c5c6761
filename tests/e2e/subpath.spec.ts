import { test, expect, Page } from './fixtures';
import { spawn, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectFound, rows, DEMO_GUESTS } from './helpers';

// The release build made with `trunk build --release --public-url /courses/tenant-desk/`
// (../dist-subpath), served by serve.mjs under that base path only, as a training site
// would host it, with precompressed files and cache headers as a deployment sends them.

const BASE = '/courses/tenant-desk';

/** What the page fetched: path, content-encoding and cache-control of each response. */
function recordResponses(page: Page) {
  const seen: { path: string; encoding: string; cache: string; status: number }[] = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    const h = r.headers();
    seen.push({ path: url.pathname, encoding: h['content-encoding'] ?? '', cache: h['cache-control'] ?? '', status: r.status() });
  });
  return seen;
}

test('under a base path the app loads, navigates, deep-links and reloads on a nested route', async ({ page }) => {
  const seen = recordResponses(page);
  await page.goto(`${BASE}/`);
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();

  // The navigation's links stay under the base, and the router follows them in place.
  const nav = page.getByRole('navigation', { name: 'Admin centers' });
  await expect(nav.getByRole('link', { name: 'Active users' })).toHaveAttribute('href', `${BASE}/users/active`);
  await nav.getByRole('link', { name: 'Active users' }).click();
  await expect(page).toHaveURL(`${BASE}/users/active`);
  await expect(rows(page).first()).toBeVisible();

  // The guest filter writes its view into the URL under the base, not at the root.
  await page.getByRole('combobox', { name: 'Filter users by view' }).selectOption({ label: 'Guest users' });
  await expect(page).toHaveURL(`${BASE}/users/active?view=guests`);
  await expectFound(page, DEMO_GUESTS);

  // A nested route, reached by a link, then reloaded: the host's fallback serves the app.
  await nav.getByRole('link', { name: 'Licenses', exact: true }).click();
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await expect(page).toHaveURL(new RegExp(`^http://[^/]+${BASE}/billing/licenses/[^/]+$`));
  await page.reload();
  await expect(page.getByRole('button', { name: 'Assign licenses' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Microsoft Entra ID P2' })).toBeVisible();

  // A deep link straight to a nested route of another area.
  await page.goto(`${BASE}/azure/settings?tab=administrators`);
  await expect(page).toHaveURL(`${BASE}/azure/settings?tab=administrators`);
  await expect(page.getByRole('link', { name: 'Subscriptions', exact: true }).first()).toHaveAttribute('href', new RegExp(`^${BASE}/azure/`));
  await expect(page.getByText('Page not found')).toHaveCount(0);

  // Everything came from under the base; the wasm went out precompressed and cacheable
  // for good, index.html and config.json revalidated on every load.
  expect(seen.filter((r) => !r.path.startsWith(`${BASE}/`)).map((r) => r.path)).toEqual([]);
  expect(seen.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`)).toEqual([]);
  // The app's wasm is split: its main module, and the chunks of the pages visited
  // (Licenses, Azure) fetched as they were first shown, all from one hashed folder.
  const wasm = seen.filter((r) => r.path.endsWith('.wasm'));
  const main = wasm.find((r) => r.path.endsWith('/tenant-desk_bg.wasm'));
  expect(main?.path).toMatch(new RegExp(`^${BASE}/tenant-desk-[0-9a-f]{16}/tenant-desk_bg\\.wasm$`));
  const folder = main!.path.slice(0, main!.path.lastIndexOf('/') + 1);
  const chunks = wasm.filter((r) => r.path.startsWith(folder) && r !== main && !r.path.includes('tenant-worker'));
  expect(chunks.length).toBeGreaterThan(0);
  for (const r of [main!, ...chunks]) {
    expect(r.encoding, r.path).toMatch(/^(br|gzip)$/);
    expect(r.cache, r.path).toContain('immutable');
  }
  expect(seen.find((r) => r.path === `${BASE}/config.json`)?.cache).toBe('no-cache');
});

test('under a base path the training exercises load, open by link and leave back to the list', async ({ page }) => {
  await page.goto(`${BASE}/training`);
  const table = page.getByRole('table', { name: 'Exercises' });
  await expect(table.getByRole('row')).toHaveCount(14);
  await page.getByRole('link', { name: 'Assign a product to three users from the Licenses page' }).click();
  await expect(page).toHaveURL(`${BASE}/training/licenses-page-assign-three`);
  const bar = page.getByRole('region', { name: 'Exercise' });
  await expect(bar).toContainText('Exercise: Assign a product to three users from the Licenses page');
  await bar.getByRole('button', { name: 'Leave exercise' }).click();
  await expect(page).toHaveURL(`${BASE}/training`);
  await expect(bar).toBeHidden();
});

/** A copy of `file` in `dir` with `change` applied, renamed to a hash of its new content as the build names files; returns [old name, new name]. */
function rehash(dir: string, file: string, change: (b: Buffer) => Buffer): [string, string] {
  const body = change(readFileSync(join(dir, file)));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const next = file.replace(/-[0-9a-f]+(_bg)?\.([a-z]+)$/, `-${hash}$1.$2`);
  writeFileSync(join(dir, next), body);
  for (const suffix of ['', '.br', '.gz']) rmSync(join(dir, file + suffix), { force: true });
  return [file, next];
}

test('an update with new hashes is picked up on reload, never half-loaded', async ({ page }) => {
  // A site of its own (a copy of the build) that this test updates in place.
  const site = resolve('results', `update-site-${test.info().workerIndex}`);
  rmSync(site, { recursive: true, force: true });
  cpSync(resolve('../dist-subpath'), site, { recursive: true });
  // (Not 4190 and up: browsers and fetch refuse port 4190.)
  const port = 4300 + test.info().workerIndex;
  const server: ChildProcess = spawn('node', ['serve.mjs', site, String(port), '--base', `${BASE}/`], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const origin = `http://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(`${origin}${BASE}/config.json`).catch(() => null))?.status ?? 0).toBe(200);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${origin}${BASE}/users/active`);
    await expect(rows(page).first()).toBeVisible();
    const brand = () => page.getByRole('banner').evaluate((e) => getComputedStyle(e).backgroundColor);
    const before = await brand();

    // The next release: new content in the JS, the wasm and the tokens, each under a new
    // name, and an index.html (and boot script) that name them.
    // The split app is one folder named by a hash of all its files: the next release
    // has a new folder, with new content in the JS and the main wasm.
    const files = readdirSync(site);
    const app = files.find((f) => /^tenant-desk-[0-9a-f]{16}$/.test(f))!;
    const nextApp = `tenant-desk-${createHash('sha256').update(`${app} next`).digest('hex').slice(0, 16)}`;
    renameSync(join(site, app), join(site, nextApp));
    const edit = (file: string, change: (b: Buffer) => Buffer) => {
      const path = join(site, nextApp, file);
      writeFileSync(path, change(readFileSync(path)));
      for (const suffix of ['.br', '.gz']) rmSync(path + suffix, { force: true });
    };
    edit('tenant-desk.js', (b) => Buffer.concat([b, Buffer.from('\n// the next release\n')]));
    // A custom section named "v2": the same code, other bytes.
    edit('tenant-desk_bg.wasm', (b) => Buffer.concat([b, Buffer.from([0x00, 0x04, 0x02, 0x76, 0x32, 0x78])]));
    const tokens = files.find((f) => /^tokens-[0-9a-f]+\.css$/.test(f))!;
    const boot = files.find((f) => /^boot-[0-9a-f]+\.js$/.test(f))!;
    const renames: [string, string][] = [
      [`${app}/tenant-desk.js`, `${nextApp}/tenant-desk.js`],
      [`${app}/tenant-desk_bg.wasm`, `${nextApp}/tenant-desk_bg.wasm`],
      rehash(site, tokens, (b) => Buffer.from(`${b}\nheader.topbar { background-color: rgb(1, 2, 3) !important; }\n`)),
    ];
    let bootText = readFileSync(join(site, boot), 'utf8');
    for (const [from, to] of renames) bootText = bootText.replaceAll(from, to);
    writeFileSync(join(site, boot), bootText);
    renames.push(rehash(site, boot, (b) => b));
    let html = readFileSync(join(site, 'index.html'), 'utf8');
    for (const [from, to] of renames) html = html.replaceAll(from, to);
    // The tokens' integrity changes with their content.
    html = html.replace(/(href="[^"]*tokens-[0-9a-f]+\.css") integrity="[^"]*"/, '$1');
    writeFileSync(join(site, 'index.html'), html);

    fetched.length = 0;
    await page.reload();
    await expect(rows(page).first()).toBeVisible();
    // The new files, and none of the old: index.html was revalidated, not taken from the cache.
    for (const [from, to] of renames) {
      expect(fetched.some((p) => p.endsWith(`/${to}`)), `${to} fetched`).toBe(true);
      expect(fetched.some((p) => p.endsWith(`/${from}`)), `${from} not fetched`).toBe(false);
    }
    expect(await brand()).toBe('rgb(1, 2, 3)');
    expect(before).not.toBe('rgb(1, 2, 3)');
  } finally {
    server.kill();
    rmSync(site, { recursive: true, force: true });
  }
});
