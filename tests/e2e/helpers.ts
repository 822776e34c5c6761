import { expect, Page, Locator, FrameLocator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The users grid on the page. */
export function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Users' });
}

/** Data rows of the grid (not the header, not placeholders). */
export function rows(page: Page): Locator {
  return grid(page).locator('[role="row"]:not(.header):not(.placeholder)');
}

/** The "N users found" line. */
export function found(page: Page): Locator {
  return page.getByTestId('found');
}

/** Waits until the list shows `n` users. */
export async function expectFound(page: Page, n: number) {
  await expect(found(page)).toHaveText(n === 1 ? '1 user found' : `${n} users found`);
}

/** The text of one column for every visible row. */
export async function column(page: Page, name: string): Promise<string[]> {
  const headers = await grid(page).locator('[role="columnheader"]').allInnerTexts();
  const index = headers.findIndex((h) => h.replace(/[↑↓]/g, '').trim() === name);
  if (index < 0) throw new Error(`no column ${name} in ${headers}`);
  return rows(page).evaluateAll((els, i) => els.map((r) => (r.querySelectorAll('[role="gridcell"]')[i] as HTMLElement).innerText.trim()), index);
}

/** Opens a user's side panel from the grid, then Licenses and apps > Assignments. */
export async function openAssignments(page: Page, name: string) {
  await rows(page).filter({ hasText: name }).click();
  const panel = page.getByRole('dialog', { name });
  await panel.getByRole('tab', { name: 'Licenses and apps' }).click();
  await panel.getByRole('button', { name: 'Assignments' }).click();
  return { panel, dialog: page.getByRole('dialog', { name: 'Licenses and apps' }) };
}

/** Seed 003's steps: Add filters, pick a field, Apply, then the value. */
export async function addFilter(page: Page, field: string, value: string) {
  await page.getByRole('button', { name: '+ Add filters' }).click();
  const menu = page.getByRole('dialog', { name: 'Pick a field' });
  await menu.getByRole('radio', { name: field }).check();
  await menu.getByRole('button', { name: 'Apply' }).click();
  const values = page.getByRole('dialog', { name: field });
  const choice = values.getByRole('button', { name: value, exact: true });
  if (await choice.count()) {
    await choice.click();
  } else {
    await values.getByRole('textbox').fill(value);
    await values.getByRole('button', { name: 'Apply' }).click();
  }
}

/** The number of guests in the demo tenant (Contoso). */
export const DEMO_GUESTS = 12;

/**
 * Active users > tick `name` > Manage product licenses > tick `product` > Review changes >
 * Save changes; returns the dialog (its outcome, or its progress while the save runs). On
 * the page, or inside the frame of a page that embeds the app.
 */
export async function saveLicence(page: Page | FrameLocator, name: string, product: RegExp): Promise<Locator> {
  await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('button', { name: 'Manage product licenses (1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage product licenses for 1 user' });
  await dialog.getByRole('checkbox', { name: product }).check();
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  return dialog;
}

/** Guest users > Invite guest user, filled in and sent; returns the dialog. */
export async function invite(page: Page, email: string, name: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Invite guest user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite guest user' });
  await dialog.getByRole('textbox', { name: 'Email address' }).fill(email);
  await dialog.getByRole('textbox', { name: 'Display name' }).fill(name);
  await dialog.getByRole('button', { name: 'Invite' }).click();
  return dialog;
}

/** axe-core's WCAG 2.1 A and AA rules over the whole page, as it is now. */
export async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
