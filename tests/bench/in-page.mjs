// Functions the benchmarks run inside the page (passed to page.evaluate), kept in one place.

// Clicks a button by its text and resolves at the first frame after `selector` appears.
export const clickUntil = ([text, selector]) => new Promise((resolve) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
  const t0 = performance.now();
  const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
  const mo = new MutationObserver(() => {
    if (document.querySelector(selector)) { mo.disconnect(); done(); }
  });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true });
  button.click();
});
