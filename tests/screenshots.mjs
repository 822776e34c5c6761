// Takes screenshots of the main pages at 1280x800 and 390x844 into tests/screens/, to be
// looked at by a person. Usage (with the app served on 4173): node screenshots.mjs
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:4173';
const pages = [
  ['home', '/'],
  ['active-users', '/users/active'],
  ['active-guests', '/users/active?view=guests'],
  ['guest-users', '/users/guests'],
  ['entra-all-users-guests', '/entra/users?f=userType:Guest'],
  ['licenses', '/billing/licenses'],
  ['entra-products', '/entra/licenses'],
  ['groups', '/entra/groups'],
  ['deleted-users', '/users/deleted'],
  ['not-found', '/nowhere'],
];
mkdirSync('screens', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
for (const [w, h] of [[1280, 800], [390, 844]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await context.newPage();
  for (const [name, path] of pages.filter(([n]) => !process.env.ONLY || process.env.ONLY.split(',').includes(n))) {
    await page.goto(base + path);
    await page.waitForTimeout(700);
    await page.screenshot({ path: `screens/${name}-${w}.png` });
  }
  await context.close();
}
await browser.close();
