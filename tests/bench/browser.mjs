// Browser benchmark: the release build's transfer size, time from navigation to the first
// rows shown, and a filter change to the updated rows painted, on a generated tenant of
// 100,000 users in headless Chromium; and the same for a bare Leptos page, as the floor.
// Usage: node bench/browser.mjs <app dist> <floor dist>
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clickUntil } from './in-page.mjs';

const [appDir, floorDir] = process.argv.slice(2);
const LOADS = 15;
const CHANGES = 64;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

function transfer(dir) {
  const sizes = { wasm: 0, js: 0, css: 0 };
  for (const f of readdirSync(dir)) {
    const kind = extname(f).slice(1);
    if (kind in sizes) sizes[kind] += gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
  }
  return { ...sizes, total: sizes.wasm + sizes.js + sizes.css };
}

function serve(dir, port) {
  const child = spawn('node', [new URL('../serve.mjs', import.meta.url).pathname, dir, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return; } catch (e) { if (i === 99) console.error(e.cause ?? e); }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

// Records when the first grid cell is added to the page, before any script of the page runs.
const firstRowsProbe = () => {
  const mo = new MutationObserver(() => {
    if (document.querySelector('[role=gridcell]')) {
      window.__firstRows = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true });
};

// Changes the view select; resolves with the time until the grid's rows changed in the DOM
// (the app's own work) and until the first frame after that (what the eye sees, which
// includes waiting for the browser's next frame).
const changeView = (value) => new Promise((resolve) => {
  const select = document.querySelector('select[aria-label="Filter users by view"]');
  const grid = document.querySelector('[role=grid]');
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    mo.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => setTimeout(() => resolve({ dom, paint: performance.now() - t0 }), 0));
  });
  mo.observe(grid, { subtree: true, childList: true, characterData: true });
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95) };
};

async function measure(browser, base, path, values) {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(firstRowsProbe);
    await page.goto(base + path);
    await page.waitForFunction(() => window.__firstRows !== undefined, null, { timeout: 60_000 });
    loads.push(await page.evaluate(() => window.__firstRows));
    if (i < LOADS - 1) await context.close();
    else {
      const changes = [];
      for (let k = 0; k < CHANGES; k++) changes.push(await page.evaluate(changeView, values[k % 2]));
      await context.close();
      const kept = changes.slice(4);
      return { firstRows: stats(loads), change: stats(kept.map((c) => c.paint)), work: stats(kept.map((c) => c.dom)) };
    }
  }
}


// Bulk Assign more of one product to every guest of the generated tenant (about 10,000).
async function bulk(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + '/users/active?view=guests');
  await page.getByRole('button', { name: 'Select all users in this view' }).click();
  const manage = page.getByRole('button', { name: /^Manage product licenses \([\d,]+\)$/ });
  await manage.waitFor({ timeout: 120_000 });
  const users = Number((await manage.innerText()).match(/[\d,]+/)[0].replace(/,/g, ''));
  await manage.click();
  const dialog = page.getByRole('dialog', { name: /Manage product licenses for/ });
  await dialog.getByRole('checkbox', { name: /Power BI \(free\)/ }).check();
  await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption('US');
  const review = await page.evaluate(clickUntil, ['Review changes', 'table[aria-label="Preview"]']);
  const save = await page.evaluate(clickUntil, ['Save changes', '.outcome']);
  const outcome = await dialog.locator('.outcome').innerText();
  // The journal of this change, as kept in the browser's storage (compressed in the
  // background after the save).
  await page.waitForFunction(() => (localStorage.getItem('tenant-desk.simulation') ?? '').startsWith('gzip:'), null, { timeout: 60_000 });
  const journal = await page.evaluate(async () => {
    const s = localStorage.getItem('tenant-desk.simulation');
    const bytes = Uint8Array.from(atob(s.slice(5)), (c) => c.charCodeAt(0));
    const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    return { stored: s.length, json: json.length };
  });
  await context.close();
  return { users, review, save, outcome, journal };
}

const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;

const app = serve(appDir, 4280);
const floor = serve(floorDir, 4281);
try {
  await waitFor('http://127.0.0.1:4280/config.json');
  await waitFor('http://127.0.0.1:4281/index.html');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
  const rows = [];
  for (const [name, dir, base, path, values] of [
    ['Tenant Desk (100,000 users)', appDir, 'http://127.0.0.1:4280', '/users/active', ['guests', 'all']],
    ['bare Leptos page (floor)', floorDir, 'http://127.0.0.1:4281', '/', ['Guest users', 'All users']],
  ]) {
    const size = transfer(dir);
    const m = await measure(browser, base, path, values);
    rows.push({ name, size, ...m });
  }
  const b = await bulk(browser, 'http://127.0.0.1:4280');
  await browser.close();
  for (const r of rows) {
    console.log(`\n${r.name}`);
    console.log(`  transfer (gzip -9): wasm ${kb(r.size.wasm)}, JS ${kb(r.size.js)}, CSS ${kb(r.size.css)}, total ${kb(r.size.total)}   (budget 250 KB)`);
    console.log(`  navigation to first rows: median ${ms(r.firstRows.median)}, p95 ${ms(r.firstRows.p95)} over ${LOADS} loads   (budget 500 ms)`);
    console.log(`  view change to rows updated in the DOM: median ${ms(r.work.median)}, p95 ${ms(r.work.p95)} over ${CHANGES - 4} changes   (budget p95 16 ms)`);
    console.log(`  view change to the next frame painted: median ${ms(r.change.median)}, p95 ${ms(r.change.p95)}`);
  }
  console.log(`\nBulk Assign more of Power BI (free) to ${b.users} guests (with their usage location), Tenant Desk`);
  console.log(`  Review changes to preview shown: ${ms(b.review)}`);
  console.log(`  Save changes to outcome shown: ${ms(b.save)}   (budget 1000 ms); outcome: ${b.outcome}`);
  console.log(`  journal kept in local storage: ${(b.journal.stored / 1e6).toFixed(2)} M characters (compressed) for ${(b.journal.json / 1e6).toFixed(2)} M characters of JSON; the site's storage holds about 5 M`);
} finally {
  app.kill();
  floor.kill();
}
