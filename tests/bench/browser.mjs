// Browser benchmark, in headless Chromium, of the release build beside a bare Leptos page
// (the floor) measured in the same run:
// - the bytes (gzip -9 and brotli 11) of what the first page loads, and of the whole build;
// - navigation to the first rows, and a view change to the rows updated, on the demo tenant
//   and on generated tenants of 100,000 and 1,000,000 users;
// - the longest main-thread task (Long Tasks API: tasks over 50 ms) during start-up, and
//   during a bulk change of about 10,000 users on the simulated tenant.
// Usage: node bench/browser.mjs <app dist: demo> <app dist: 100,000> <app dist: 1,000,000> <floor dist>
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { clickUntil } from './in-page.mjs';

const [demoDir, appDir, millionDir, floorDir] = process.argv.slice(2);
const LOADS = 15;
const CHANGES = 64;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

const SERVED = new Set(['.html', '.js', '.wasm', '.css', '.json', '.svg']);

/** The gzip -9 and brotli 11 bytes of `file`. */
function compressed(file) {
  const body = readFileSync(file);
  return {
    gzip: gzipSync(body, { level: 9 }).length,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length,
  };
}

/** The compressed bytes of every file `paths` names in `dir` (paths under the site's root). */
function bytesOf(dir, paths) {
  const sum = { gzip: 0, br: 0, wasm: 0, files: 0 };
  for (const p of new Set(paths)) {
    const file = join(dir, p === '/' || extname(p) === '' ? 'index.html' : p);
    if (!SERVED.has(extname(file))) continue;
    try { statSync(file); } catch { continue; }
    const c = compressed(file);
    sum.gzip += c.gzip; sum.br += c.br; sum.files += 1;
    if (file.endsWith('.wasm')) sum.wasm += c.gzip;
  }
  return sum;
}

/** Every file of the build a browser could be sent (the precompressed copies aside). */
function wholeBuild(dir) {
  const paths = [];
  const walk = (sub) => {
    for (const f of readdirSync(join(dir, sub), { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(sub, f.name));
      else paths.push(join(sub, f.name));
    }
  };
  walk('');
  return bytesOf(dir, paths);
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

// Records when the first grid cell is added to the page, and every long task of the main
// thread, before any script of the page runs.
const firstRowsProbe = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
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
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1], n: s.length };
};

/** The longest long task recorded in the page from `since` on (0 when none was over 50 ms), and how many there were. */
const longest = (since) => {
  const tasks = window.__longTasks.filter((t) => t.start + t.duration >= since);
  return { max: Math.max(0, ...tasks.map((t) => t.duration)), count: tasks.length };
};

async function measure(browser, base, path, values, count = LOADS) {
  const loads = [];
  const startTasks = [];
  const fetched = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The context's requests: the page's and its workers' (the simulated tenant's engine).
    if (i === 0) context.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.addInitScript(firstRowsProbe);
    await page.goto(base + path);
    await page.waitForFunction(() => window.__firstRows !== undefined, null, { timeout: 120_000 });
    loads.push(await page.evaluate(() => window.__firstRows));
    // Start-up: until the first rows, and the second after them (work that follows them).
    await page.waitForTimeout(1000);
    startTasks.push(await page.evaluate(longest, 0));
    if (i < count - 1) await context.close();
    else {
      const changes = [];
      for (let k = 0; k < CHANGES; k++) changes.push(await page.evaluate(changeView, values[k % 2]));
      await context.close();
      const kept = changes.slice(4);
      return {
        firstRows: stats(loads), change: stats(kept.map((c) => c.paint)), work: stats(kept.map((c) => c.dom)),
        startTask: stats(startTasks.map((t) => t.max)), startTasks: Math.max(...startTasks.map((t) => t.count)), fetched,
      };
    }
  }
}


// Bulk Assign more of one product to every guest of the generated tenant (about 10,000).
async function bulk(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(firstRowsProbe);
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
  const saveStart = await page.evaluate(() => performance.now());
  const save = await page.evaluate(clickUntil, ['Save changes', '.outcome']);
  const saveTasks = await page.evaluate(longest, saveStart);
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
  return { users, review, save, saveTasks, outcome, journal };
}

const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;
const task = (t) => (t === 0 ? 'none over 50 ms' : ms(t));

const sites = [
  ['Tenant Desk, demo tenant', demoDir, 4282, '/users/active', ['guests', 'all'], LOADS],
  ['Tenant Desk, 100,000 users', appDir, 4280, '/users/active', ['guests', 'all'], LOADS],
  ['Tenant Desk, 1,000,000 users', millionDir, 4283, '/users/active', ['guests', 'all'], 5],
  ['bare Leptos page (floor)', floorDir, 4281, '/', ['Guest users', 'All users'], LOADS],
];
const servers = sites.map(([, dir, port]) => serve(dir, port));
try {
  for (const [, , port] of sites) await waitFor(`http://127.0.0.1:${port}/index.html`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
  const rows = [];
  for (const [name, dir, port, path, values, loads] of sites) {
    const m = await measure(browser, `http://127.0.0.1:${port}`, path, values, loads);
    rows.push({ name, first: bytesOf(dir, m.fetched), whole: wholeBuild(dir), ...m });
  }
  const b = await bulk(browser, 'http://127.0.0.1:4280');
  await browser.close();
  for (const r of rows) {
    console.log(`\n${r.name}`);
    console.log(`  first page loads ${r.first.files} files: gzip -9 ${kb(r.first.gzip)} (wasm ${kb(r.first.wasm)}), brotli ${kb(r.first.br)}   (budget 250 KB gzip)`);
    console.log(`  whole build: gzip -9 ${kb(r.whole.gzip)}, brotli ${kb(r.whole.br)} in ${r.whole.files} files`);
    console.log(`  navigation to first rows: median ${ms(r.firstRows.median)}, p95 ${ms(r.firstRows.p95)} over ${r.firstRows.n} loads   (budget 500 ms; 1 s at 1,000,000 users)`);
    console.log(`  longest main-thread task during start-up (to first rows and 1 s after): median ${task(r.startTask.median)}, worst ${task(r.startTask.max)}; up to ${r.startTasks} tasks over 50 ms in a load   (budget 50 ms)`);
    console.log(`  view change to rows updated in the DOM: median ${ms(r.work.median)}, p95 ${ms(r.work.p95)} over ${CHANGES - 4} changes   (budget p95 16 ms)`);
    console.log(`  view change to the next frame painted: median ${ms(r.change.median)}, p95 ${ms(r.change.p95)}`);
  }
  console.log(`\nBulk Assign more of Power BI (free) to ${b.users.toLocaleString('en-US')} guests of 100,000 users (with their usage location), Tenant Desk`);
  console.log(`  Review changes to preview shown: ${ms(b.review)}`);
  console.log(`  Save changes to outcome shown: ${ms(b.save)}   (budget 1000 ms); outcome: ${b.outcome}`);
  console.log(`  longest main-thread task during the save: ${task(b.saveTasks.max)}; ${b.saveTasks.count} tasks over 50 ms   (budget 50 ms)`);
  console.log(`  journal kept in local storage: ${(b.journal.stored / 1e6).toFixed(2)} M characters (compressed) for ${(b.journal.json / 1e6).toFixed(2)} M characters of JSON; the site's storage holds about 5 M`);
} finally {
  for (const s of servers) s.kill();
}
