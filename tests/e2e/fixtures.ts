import { test as base, expect } from '@playwright/test';

/**
 * Every test fails when the wasm app panics or throws to the page, even where the page
 * still looks right: a panic leaves the app's wasm instance unusable from then on.
 */
export const test = base.extend<{ crashWatch: void }>({
  crashWatch: [
    async ({ page }, use) => {
      const crashes: string[] = [];
      page.on('pageerror', (e) => crashes.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) crashes.push(m.text().slice(0, 400));
      });
      await use();
      expect(crashes, 'the app panicked or threw').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page, Locator } from '@playwright/test';
