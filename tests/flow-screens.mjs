// Screenshots of each licence flow's key step into tests/screens/, to be looked at.
// Usage (with the app served on 4173): node flow-screens.mjs
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:4173';
mkdirSync('screens', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
for (const [w, h] of [[1280, 800], [390, 844]]) {
  const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
  const shot = (name) => page.screenshot({ path: `screens/flow-${name}-${w}.png` });
  await page.goto(base + '/users/active');
  for (const name of ['Jane Clayton', 'Tricia Nguyen', 'Megan Bowen']) await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('button', { name: 'Manage product licenses (3)' }).click();
  const dialog = page.getByRole('dialog', { name: /Manage product licenses/ });
  await dialog.getByRole('checkbox', { name: /Office 365 E5/ }).check();
  await dialog.getByText('Turn apps and services on or off for Office 365 E5').click();
  await shot('bulk-choose');
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await shot('bulk-preview');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.locator('.outcome').waitFor();
  await shot('bulk-outcome');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.goto(base + '/activity');
  await shot('activity');
  await page.goto(base + '/entra/groups');
  await page.getByRole('link', { name: 'Frontline E1' }).click();
  await page.getByRole('table', { name: 'Members with license errors' }).waitFor();
  await shot('group-errors');
  await page.goto(base + '/billing/licenses');
  await shot('licenses');
  await page.getByRole('link', { name: 'Microsoft Entra ID P2' }).click();
  await page.getByRole('button', { name: 'Assign licenses' }).click();
  await page.getByRole('searchbox', { name: 'Type a name' }).fill('Al');
  await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first().waitFor();
  await shot('people-picker');
  await page.goto(base + '/users/guests');
  await page.getByRole('combobox', { name: 'Act as' }).selectOption({ label: 'Megan Bowen (License admin)' });
  await page.locator('[role=row]').filter({ hasText: 'Ana Costa' }).click();
  const panel = page.getByRole('dialog', { name: 'Ana Costa' });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await panel.getByRole('button', { name: 'Assignments' }).click();
  const d2 = page.getByRole('dialog', { name: 'Licenses and apps' });
  await d2.getByRole('checkbox', { name: /Microsoft Entra ID P2/ }).check();
  await d2.getByRole('combobox', { name: 'Usage location' }).selectOption({ label: 'Portugal' });
  await d2.getByRole('button', { name: 'Review changes' }).click();
  await shot('guest-refused');
}
await browser.close();
