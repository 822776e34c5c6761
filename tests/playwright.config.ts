import { defineConfig } from '@playwright/test';

// Browser end-to-end tests in Debian's headless Chromium (Playwright never downloads one
// here). The release build in ../dist is served with the single-page-app fallback.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  outputDir: 'results',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    actionTimeout: 10_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
  projects: [
    // The app on its built-in simulated tenant (public/config.json as shipped).
    { name: 'simulated', testIgnore: /(graph|slow|signin|faults|embed|dutch|subpath)\.spec\.ts/ },
    // The same build in a Dutch browser (navigator.languages nl-NL): the app speaks Dutch.
    { name: 'dutch', testMatch: /dutch\.spec\.ts/, use: { locale: 'nl-NL', baseURL: 'http://127.0.0.1:4173' } },
    // The same build configured for Graph, against graph-server over HTTP.
    { name: 'graph', testMatch: /graph\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4174' } },
    // The same build against a graph-server that takes 1.5 s to answer and throttles 30 %.
    { name: 'slow', testMatch: /slow\.spec\.ts/, timeout: 120_000, use: { baseURL: 'http://127.0.0.1:4175' } },
    // Signed in for real: a local OpenID Connect provider, and a graph-server that trusts it.
    { name: 'signin', testMatch: /signin\.spec\.ts/, timeout: 120_000, use: { baseURL: 'http://127.0.0.1:4176' } },
    // A generated tenant of 1,000 users that throttles 30 % and is unavailable 5 % of the
    // time, whole responses and $batch items alike.
    { name: 'faults', testMatch: /faults\.spec\.ts/, timeout: 600_000, use: { baseURL: 'http://127.0.0.1:4177' } },
    // Embedded in an intranet page of another origin (tests/embed/host.html on 4179): the
    // simulated tenant on 127.0.0.1:4178, and on localhost:4178 the same build for Graph,
    // against a graph-server on 8792, taking its token from the page.
    { name: 'embed', testMatch: /embed\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4179' } },
    // Built with `--public-url /courses/tenant-desk/` and served under that path only; the
    // update test serves a copy of its own on 4300 and up.
    { name: 'subpath', testMatch: /subpath\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4180' } },
  ],
  webServer: [
    {
      command: 'node oidc/provider.mjs --port 8795 --redirect-uri http://127.0.0.1:4176/ --access-token-ttl 15',
      url: 'http://127.0.0.1:8795/.well-known/openid-configuration',
      reuseExistingServer: !process.env.CI,
    },
    {
      command: '../target/debug/graph-server --port 8789 --issuer http://127.0.0.1:8795 --clock-skew-secs 0 --allow-origin http://127.0.0.1:4176',
      url: 'http://127.0.0.1:8789/v1.0/me',
      reuseExistingServer: !process.env.CI,
    },
    { command: 'node serve.mjs ../dist-signin 4176', url: 'http://127.0.0.1:4176/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist 4173', url: 'http://127.0.0.1:4173/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist-graph 4174', url: 'http://127.0.0.1:4174/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist-slow 4175', url: 'http://127.0.0.1:4175/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist-faults 4177', url: 'http://127.0.0.1:4177/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist-embed 4178 localhost=../dist-embed-graph', url: 'http://127.0.0.1:4178/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs ../dist-subpath 4180 --base /courses/tenant-desk/', url: 'http://127.0.0.1:4180/courses/tenant-desk/config.json', reuseExistingServer: !process.env.CI },
    { command: 'node serve.mjs embed 4179', url: 'http://127.0.0.1:4179/host.html', reuseExistingServer: !process.env.CI },
    {
      command: '../target/debug/graph-server --port 8792 --allow-origin http://localhost:4178',
      url: 'http://127.0.0.1:8792/v1.0/me',
      reuseExistingServer: !process.env.CI,
    },
    {
      // /_stats, never faulted, says when it is up.
      command: '../target/debug/graph-server --port 8791 --users 1000 --throttle-rate 0.3 --unavailable-rate 0.05 --latency-ms 50 --retry-after 1 --allow-origin http://127.0.0.1:4177',
      url: 'http://127.0.0.1:8791/_stats',
      reuseExistingServer: !process.env.CI,
    },
    {
      command: '../target/debug/graph-server --port 8788 --latency-ms 1500 --throttle-rate 0.3 --retry-after 1 --allow-origin http://127.0.0.1:4175',
      url: 'http://127.0.0.1:8788/v1.0/me',
      timeout: 30_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: '../target/debug/graph-server --port 8787 --group-delay-ms 200 --allow-origin http://127.0.0.1:4174',
      url: 'http://127.0.0.1:8787/v1.0/me',
      reuseExistingServer: !process.env.CI,
    },
  ],
});
