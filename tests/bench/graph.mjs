// Graph benchmark: the release build against graph-server over HTTP, in headless Chromium,
// each figure beside a floor measured in the same run by Node talking to graph-server
// directly.
//
// 1. Bulk Assign more of Power BI (free) to all 1,000 users of `--users 1000 --latency-ms 50`,
//    without faults and with 30 % 429s and 5 % 503s (whole responses and $batch items):
//    Save changes to the outcome shown, and the requests graph-server counted meanwhile;
//    the floor is Node sending the same calls as $batches of 20, 4 in flight, retrying
//    throttled items after Retry-After, on a fresh server with the same flags.
// 2. Graph mode on `--users 100000` (latency 0 and 50 ms): navigation to the first rows,
//    beside Node fetching the page's own first /users URL; Export users of all 100,000,
//    beside Node paging /users ($top=999, the same $select) through every nextLink. The
//    first load must not read the whole tenant: its /users requests are listed and checked.
//
// Usage: node bench/graph.mjs <app dist>   (graph-server: ../target/release/graph-server,
// or $GRAPH_SERVER). Ports: static 4180-4183, graph-server 8800-8805.
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clickUntil } from './in-page.mjs';

const appDir = resolve(process.argv[2] ?? '../dist');
const ROOT = new URL('../..', import.meta.url).pathname;
const SERVER = process.env.GRAPH_SERVER ?? join(ROOT, 'target/release/graph-server');
const CONFIGURE = join(ROOT, 'scripts/configure.mjs');
const SERVE = new URL('../serve.mjs', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADMIN = 'Bearer dev:admin@contoso.onmicrosoft.com';
const BULK_USERS = 1000;
const BIG = 100_000;
const FAULTS = ['--throttle-rate', '0.3', '--unavailable-rate', '0.05', '--retry-after', '1'];
const MAX_BATCH = 20;
const IN_FLIGHT = 4;
const PRODUCT = 'POWER_BI_STANDARD';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const started = performance.now();

if (!existsSync(join(appDir, 'index.html'))) throw new Error(`${appDir} has no built app (trunk build --release)`);
if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing (cargo build --release -p graph-server)`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

// ---------------------------------------------------------------------------------------
// Processes: graph-servers and static servers on fixed ports, stopped and awaited.

function launch(cmd, argv) {
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) { child.kill('SIGKILL'); await exited; }
      children.delete(child);
    },
  };
}

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await sleep(50);
  }
  throw new Error(`${url} did not come up`);
}

async function graphServer(port, flags) {
  const p = launch(SERVER, ['--port', String(port), ...flags]);
  await waitFor(`http://127.0.0.1:${port}/_stats`);
  return p;
}

/** A copy of the build configured for the graph-server on `graphPort`, served on `port`. */
async function app(port, graphPort) {
  const dir = mkdtempSync(join(tmpdir(), 'dist-bench-graph-'));
  const dist = join(dir, 'dist');
  cpSync(appDir, dist, { recursive: true });
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ backend: 'graph', baseUrl: `http://127.0.0.1:${graphPort}/v1.0`, devUser: 'admin@contoso.onmicrosoft.com' }));
  const r = spawnSync('node', [CONFIGURE, dist, config], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`configure failed: ${r.stderr}`);
  const p = launch('node', [SERVE, dist, String(port)]);
  await waitFor(`http://127.0.0.1:${port}/config.json`);
  return {
    base: `http://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    async stop() { await p.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// ---------------------------------------------------------------------------------------
// Graph from Node: reads that wait out 429/503, and the counters.

async function stats(port) {
  return (await fetch(`http://127.0.0.1:${port}/_stats`)).json();
}

const delta = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - a[k]]));

async function get(url, headers = { Authorization: ADMIN }) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { headers });
    if (res.ok) return res.json();
    if ((res.status === 429 || res.status === 503) && attempt < 50) {
      await sleep(1000 * Number(res.headers.get('retry-after') ?? '1'));
      continue;
    }
    throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  }
}

async function getAll(url, headers) {
  const out = [];
  for (let next = url; next;) {
    const page = await get(next, headers);
    out.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return out;
}

async function sku(port) {
  const skus = await getAll(`http://127.0.0.1:${port}/v1.0/subscribedSkus`);
  return skus.find((s) => s.skuPartNumber === PRODUCT);
}

/**
 * Sends `works` (each a list of calls that must run in order) as $batches of at most 20
 * calls, `IN_FLIGHT` at once, packed as the app's runner packs them (a work's remaining
 * calls travel together, call i+1 dependsOn call i). Throttled and unavailable answers,
 * whole or per item, are sent again after their Retry-After, with no limit on attempts.
 * `pause`: as the app does, a worker waits out the Retry-After of its batch before it sends
 * the retries with new works; without, each throttled work waits its own Retry-After in a
 * side queue while the workers go on with other works (nothing is sent again early, and no
 * worker waits while there is work that may be sent).
 */
async function sendBatches(port, works, { pause }) {
  const queue = works.map((calls) => ({ calls, next: 0 }));
  const later = []; // { w, at }: works waiting out a Retry-After (pause: false)
  let failures = 0;
  let busy = 0;
  const remaining = (w) => w.calls.length - w.next;
  const worker = async () => {
    let carry = [];
    for (;;) {
      const batch = [...carry];
      let size = batch.reduce((n, w) => n + remaining(w), 0);
      carry = [];
      const now = performance.now();
      for (let i = 0; i < later.length && size < MAX_BATCH;) {
        if (later[i].at <= now && size + remaining(later[i].w) <= MAX_BATCH) {
          size += remaining(later[i].w);
          batch.push(later.splice(i, 1)[0].w);
        } else i++;
      }
      while (queue.length && size + remaining(queue[0]) <= MAX_BATCH) {
        const w = queue.shift();
        size += remaining(w);
        batch.push(w);
      }
      if (!batch.length) {
        // Nothing may be sent now: done, or wait for the first retry to come due (or for
        // another worker's answer to add retries).
        if (!later.length && !busy) return;
        const due = later.length ? Math.min(...later.map((l) => l.at)) - performance.now() : 5;
        await sleep(Math.max(1, Math.min(due, 5)));
        continue;
      }
      const requests = [];
      const parts = batch.map((w) => {
        const offset = requests.length;
        w.calls.slice(w.next).forEach((c, j) => {
          const id = String(requests.length);
          requests.push({ id, method: c.method, url: c.url, headers: { 'Content-Type': 'application/json' }, body: c.body, ...(j > 0 ? { dependsOn: [String(requests.length - 1)] } : {}) });
        });
        return { w, offset, count: remaining(w) };
      });
      busy++;
      const res = await fetch(`http://127.0.0.1:${port}/v1.0/$batch`, {
        method: 'POST',
        headers: { Authorization: ADMIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ requests }),
      });
      const again = []; // [work, ms]
      if (res.status === 429 || res.status === 503) {
        await res.arrayBuffer();
        const ms = 1000 * Number(res.headers.get('retry-after') ?? '1');
        for (const w of batch) again.push([w, ms]);
      } else if (res.ok) {
        const byId = new Map((await res.json()).responses.map((r) => [r.id, r]));
        for (const { w, offset, count } of parts) {
          for (let j = 0; j < count; j++) {
            const item = byId.get(String(offset + j));
            if (item && item.status >= 200 && item.status < 300) { w.next++; continue; }
            if (item && (item.status === 429 || item.status === 503)) {
              const h = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
              again.push([w, 1000 * Number(h['retry-after'] ?? '1')]);
            } else {
              failures++;
            }
            break;
          }
        }
      } else {
        throw new Error(`$batch: ${res.status} ${await res.text()}`);
      }
      busy--;
      if (pause) {
        carry = again.map(([w]) => w);
        const wait = Math.max(0, ...again.map(([, ms]) => ms));
        if (carry.length && wait) await sleep(wait);
      } else {
        const at = performance.now();
        for (const [w, ms] of again) later.push({ w, at: at + ms });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return failures;
}

// ---------------------------------------------------------------------------------------
// In the page.


// tests/bench/browser.mjs's probe, but the rows must hold users: the grid first shows
// placeholder rows ("Loading…") while its first page is out, which have grid cells too.
// Both moments are kept; the blob of a download is timed as it is made.
const probes = () => {
  const mo = new MutationObserver(() => {
    if (window.__firstCell === undefined && document.querySelector('[role=gridcell]')) window.__firstCell = performance.now();
    if (document.querySelector('[role=row]:not(.header):not(.placeholder) [role=gridcell]')) {
      window.__firstRows = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  const create = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    window.__blobAt = performance.now();
    return create.call(this, blob);
  };
};

// ---------------------------------------------------------------------------------------
// 1. Bulk Assign more.

/** BULK_USERS as the page writes it (numbers follow the language: 1,000 in English). */
const BULK_SHOWN = BULK_USERS.toLocaleString('en-US');

async function bulkApp(browser, appPort, graphPort, faults) {
  const server = await graphServer(graphPort, ['--users', String(BULK_USERS), '--latency-ms', '50', ...faults, '--allow-origin', `http://127.0.0.1:${appPort}`]);
  try {
    const before0 = (await sku(graphPort)).consumedUnits;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${appPort}/users/active`);
    await page.getByTestId('found').filter({ hasText: `${BULK_SHOWN} users found` }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Select all users in this view' }).click();
    const manage = page.getByRole('button', { name: `Manage product licenses (${BULK_SHOWN})` });
    await manage.waitFor({ timeout: 120_000 });
    await manage.click();
    const dialog = page.getByRole('dialog', { name: `Manage product licenses for ${BULK_SHOWN} users` });
    await dialog.getByRole('radio', { name: /Assign more/ }).check();
    await dialog.getByRole('checkbox', { name: /Power BI \(free\)/ }).check();
    await dialog.getByRole('combobox', { name: 'Usage location' }).selectOption('NL');
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await dialog.getByRole('table', { name: 'Preview' }).waitFor();
    const preview = await dialog.getByRole('status').innerText();
    if (!preview.startsWith(`${BULK_SHOWN} of ${BULK_SHOWN} users will change; 0 would fail`)) throw new Error(`preview: ${preview}`);
    const s0 = await stats(graphPort);
    const ms = await page.evaluate(clickUntil, ['Save changes', '.outcome']);
    const s1 = await stats(graphPort);
    const outcome = await dialog.locator('.outcome').innerText();
    await context.close();
    const ok = Number(outcome.match(/^([\d,]+) succeeded/)[1].replace(/,/g, ''));
    const consumed = (await sku(graphPort)).consumedUnits - before0;
    if (consumed !== ok) throw new Error(`the page said ${outcome} but ${consumed} seats were used`);
    return { ms, outcome, counts: delta(s0, s1) };
  } finally {
    await server.stop();
  }
}

async function bulkFloor(graphPort, faults, pause = true) {
  const server = await graphServer(graphPort, ['--users', String(BULK_USERS), '--latency-ms', '50', ...faults]);
  try {
    const base = `http://127.0.0.1:${graphPort}/v1.0`;
    const { skuId, consumedUnits } = await sku(graphPort);
    const users = await getAll(`${base}/users?$select=id,usageLocation&$top=999`);
    const works = users.map((u) => [
      ...(u.usageLocation ? [] : [{ method: 'PATCH', url: `/users/${u.id}`, body: { usageLocation: 'NL' } }]),
      { method: 'POST', url: `/users/${u.id}/assignLicense`, body: { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] } },
    ]);
    const s0 = await stats(graphPort);
    const t0 = performance.now();
    const failures = await sendBatches(graphPort, works, { pause });
    const ms = performance.now() - t0;
    const s1 = await stats(graphPort);
    const consumed = (await sku(graphPort)).consumedUnits - consumedUnits;
    if (failures || consumed !== BULK_USERS) throw new Error(`floor: ${failures} failed, ${consumed} seats used`);
    return { ms, outcome: `${BULK_USERS} succeeded, 0 failed.`, counts: delta(s0, s1), calls: works.flat().length };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 2. Graph mode on 100,000 users.

const USERS_PATH = /^\/v1\.0\/users(\/|$|\?)/;

async function firstRowsAndExport(browser, appBase, graphPort) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(probes);
  const sent = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.port === String(graphPort) && USERS_PATH.test(u.pathname) && r.method() === 'GET') sent.push(r);
  });
  await page.goto(`${appBase}/users/active`);
  await page.waitForFunction(() => window.__firstRows !== undefined, null, { timeout: 120_000 });
  const load = await page.evaluate(() => ({
    firstRows: window.__firstRows,
    firstCell: window.__firstCell,
    // Every /users read the page started before its first rows were shown.
    users: performance.getEntriesByType('resource')
      .filter((e) => /\/v1\.0\/users(\/|\?|$)/.test(new URL(e.name).pathname + new URL(e.name).search) && e.startTime < window.__firstRows)
      .map((e) => e.name),
  }));
  const firstUrl = load.users.find((u) => new URL(u).pathname === '/v1.0/users');
  if (!firstUrl) throw new Error(`no /users read before the first rows: ${load.users}`);
  const firstReq = sent.find((r) => r.url() === firstUrl);
  const headers = Object.fromEntries(Object.entries(await firstReq.allHeaders()).filter(([k]) => ['authorization', 'consistencylevel', 'accept'].includes(k)));
  // The first page load must not read the whole tenant: a few small pages of the
  // collection (Graph's default page is 100 without $top), no paging on with $skiptoken.
  const tops = load.users.map((u) => {
    const url = new URL(u);
    if (url.pathname !== '/v1.0/users') return `${url.pathname.slice(5)}`;
    return Number(url.searchParams.get('$top') ?? '100');
  });
  const rowsRead = tops.reduce((a, t) => a + (typeof t === 'number' ? t : 1), 0);
  if (load.users.some((u) => new URL(u).searchParams.has('$skiptoken')) || load.users.length > 5 || rowsRead > 1000) {
    throw new Error(`the first load read too much of the tenant: ${load.users.join(' ')}`);
  }

  // Export users: click to the file handed to the browser.
  sent.length = 0;
  const download = page.waitForEvent('download', { timeout: 300_000 });
  const clicked = await page.evaluate(() => {
    window.__blobAt = undefined;
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Export users');
    const t = performance.now();
    b.click();
    return t;
  });
  const file = await download;
  const blobAt = await page.evaluate(() => window.__blobAt);
  const csv = readFileSync(await file.path(), 'utf8');
  const lines = csv.split('\n').filter((l) => l.trim() !== '').length;
  if (lines !== BIG + 1) throw new Error(`the export has ${lines} lines, not a header and ${BIG} users`);
  const exportUrl = sent.map((r) => r.url()).find((u) => new URL(u).searchParams.get('$top') === '999');
  const exportHeaders = Object.fromEntries(Object.entries(await sent.find((r) => r.url() === exportUrl).allHeaders()).filter(([k]) => ['authorization', 'consistencylevel', 'accept'].includes(k)));
  const exportPages = sent.length;
  await context.close();
  return { firstRows: load.firstRows, firstCell: load.firstCell, users: load.users, tops, rowsRead, firstUrl, headers, exportMs: blobAt - clicked, exportUrl, exportHeaders, exportPages };
}

async function fetchFloor(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return { ms, rows: JSON.parse(body).value.length };
}

async function exportFloor(url, headers) {
  const t0 = performance.now();
  const users = await getAll(url, headers);
  const ms = performance.now() - t0;
  if (users.length !== BIG) throw new Error(`the floor read ${users.length} users`);
  return ms;
}

// ---------------------------------------------------------------------------------------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const minMed = (xs) => { const s = sorted(xs); return `${fmt(s[0])} / ${fmt(s[Math.floor((s.length - 1) / 2)])}`; };
const median = (xs) => sorted(xs)[Math.floor((xs.length - 1) / 2)];
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const pad = (s, n) => String(s).padEnd(n);
const padl = (s, n) => String(s).padStart(n);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
const apps = [];
try {
  // 1. Bulk.
  const bulk = { app: [], floor: [], appFaults: [], floorFaults: [], floorItems: [] };
  apps.push(await app(4180, 8800), await app(4181, 8801));
  let calls = 0;
  for (let i = 0; i < RUNS; i++) {
    bulk.app.push(await bulkApp(browser, 4180, 8800, []));
    const f = await bulkFloor(8804, []);
    calls = f.calls;
    bulk.floor.push(f);
    bulk.appFaults.push(await bulkApp(browser, 4181, 8801, FAULTS));
    bulk.floorFaults.push(await bulkFloor(8805, FAULTS));
    bulk.floorItems.push(await bulkFloor(8805, FAULTS, false));
    console.error(`bulk run ${i + 1} of ${RUNS} done (${fmt(performance.now() - started)} so far)`);
  }

  // 2. Graph mode on 100,000 users.
  const big = [];
  for (const [appPort, graphPort, latency] of [[4182, 8802, 0], [4183, 8803, 50]]) {
    const server = await graphServer(graphPort, ['--users', String(BIG), '--latency-ms', String(latency), '--allow-origin', `http://127.0.0.1:${appPort}`]);
    const a = await app(appPort, graphPort);
    try {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await firstRowsAndExport(browser, a.base, graphPort);
        r.floor = await fetchFloor(r.firstUrl, r.headers);
        r.exportFloor = await exportFloor(r.exportUrl, r.exportHeaders);
        runs.push(r);
      }
      big.push({ latency, runs });
      console.error(`graph mode, latency ${latency} ms, done (${fmt(performance.now() - started)} so far)`);
    } finally {
      await a.stop();
      await server.stop();
    }
  }

  // The table.
  const w = 34;
  console.log(`\nBulk Assign more of Power BI (free) to ${BULK_USERS} users, graph-server --users ${BULK_USERS} --latency-ms 50; ${RUNS} runs each, min / median`);
  console.log(`faults: ${FAULTS.join(' ')}. Requests are graph-server's /_stats during the save (medians); "reads" = requests that were not $batch.`);
  console.log(`The calls: ${calls} = ${BULK_USERS} assignLicense + ${calls - BULK_USERS} PATCH usageLocation (users without one); floor ceil(${BULK_USERS}/20) = ${Math.ceil(BULK_USERS / 20)} batches for assignLicense alone, ceil(${calls}/20) = ${Math.ceil(calls / 20)} with the PATCHes.`);
  console.log('Node floor: the same calls, packed as the app packs them, 4 in flight, no limit on retries; a worker waits out its batch\'s Retry-After');
  console.log('  before sending again, as the app does; "per-item wait": each throttled call waits its own Retry-After while the workers go on.');
  console.log(`${pad('', w)}${pad('Save → outcome', 22)}${padl('requests', 9)}${padl('batches', 9)}${padl('reads', 7)}${padl('items', 7)}${padl('429s', 6)}${padl('503s', 6)}  outcome (each run)`);
  for (const [name, runs] of [
    ['Tenant Desk, no faults', bulk.app], ['Node floor, no faults', bulk.floor],
    ['Tenant Desk, faults', bulk.appFaults], ['Node floor, faults', bulk.floorFaults],
    ['Node floor, faults, per-item wait', bulk.floorItems],
  ]) {
    const m = (k) => median(runs.map((r) => r.counts[k]));
    const reads = median(runs.map((r) => r.counts.requests - r.counts.batches));
    console.log(`${pad(name, w)}${pad(minMed(runs.map((r) => r.ms)), 22)}${padl(m('requests'), 9)}${padl(m('batches'), 9)}${padl(reads, 7)}${padl(m('batchItems'), 7)}${padl(m('throttled'), 6)}${padl(m('unavailable'), 6)}  ${runs.map((r) => r.outcome).join(' | ')}`);
  }

  console.log(`\nGraph mode, graph-server --users ${BIG}, no faults; ${RUNS} runs each, min / median`);
  console.log(`${pad('', 52)}${big.map((b) => pad(`latency ${b.latency} ms`, 24)).join('')}`);
  const row = (name, f) => console.log(`${pad(name, 52)}${big.map((b) => pad(f(b.runs), 24)).join('')}`);
  row('navigation → first rows (Tenant Desk)', (rs) => minMed(rs.map((r) => r.firstRows)));
  row('  (first grid cell, placeholders included)', (rs) => minMed(rs.map((r) => r.firstCell)));
  row('Node fetching the same first /users URL (floor)', (rs) => minMed(rs.map((r) => r.floor.ms)));
  row('/users reads before first rows ($top each)', (rs) => `${rs[0].users.length} ($top=${rs[0].tops.join(',')})`);
  row(`Export users: click → file (${BIG} users)`, (rs) => minMed(rs.map((r) => r.exportMs)));
  row('Node paging /users $top=999 (floor)', (rs) => minMed(rs.map((r) => r.exportFloor)));
  row('  /users reads of the export', (rs) => String(rs[0].exportPages));
  console.log(`\nfirst /users URL: ${decodeURIComponent(big[0].runs[0].firstUrl)}`);
  console.log(`checked: each first load asked for at most ${Math.max(...big.flatMap((b) => b.runs.map((r) => r.rowsRead)))} users (of ${BIG}) in at most ${Math.max(...big.flatMap((b) => b.runs.map((r) => r.users.length)))} /users reads, no $skiptoken; each export file had a header and ${BIG} users.`);
  console.log(`whole benchmark: ${fmt(performance.now() - started)}`);
} finally {
  await browser.close();
  for (const a of apps) await a.stop();
}
