// Starts the app. Kept as a file (not an inline script) so that the page runs under a
// Content-Security-Policy without 'unsafe-inline'. Every address here is relative to this
// file, so the app runs at the root of a host or under any base path; the build
// (scripts/finish-build.mjs) writes the hashed names of the JS, the wasm and the worker in.
import init from './tenant-desk.js';

const here = new URL('.', import.meta.url);
// The base path the app's routes live under, read by the app (src/site.rs): where this
// file was served from, which the page's own URL cannot change.
window.tenantDeskBase = here.pathname;

// The simulated tenant's worker (its script loads the engine's JS and wasm), which the
// app starts on the simulated tenant only.
window.tenantDeskWorker = new URL('tenant-worker-loader.js', here).href;

// The configuration is read while the wasm compiles rather than after it: the app takes
// this promise instead of fetching config.json again (a page that loads the app its own
// way simply lets the app fetch it).
window.tenantDeskConfig = fetch(new URL('config.json', here))
  .then((r) => (r.ok ? r.text() : Promise.reject(`HTTP ${r.status}`)))
  .catch((e) => Promise.reject(String(e)));
// The app reads a failure itself (and says why); until it does, it is not an unhandled one.
window.tenantDeskConfig.catch(() => {});

// The sign-in window the app opens to sign in again comes back here with the provider's
// answer in its query; the page that opened it reads the answer and closes it, so the app
// does not start in it (it would take the answer for its own).
const signInWindow =
  window.name === 'tenant-desk-sign-in' && window.opener && new URLSearchParams(location.search).has('state');
if (signInWindow) {
  document.body.textContent = 'Signing in… This window closes by itself.';
} else {
  // On the simulated tenant the worker starts now, so the engine's wasm loads and compiles
  // beside the app's own instead of after it; the app takes this worker (src/api/worker.rs).
  // This runs before the app reads the configuration from the same promise.
  window.tenantDeskConfig
    .then((text) => {
      if (JSON.parse(text)?.backend === 'simulated') window.tenantDeskEarlyWorker = new Worker(window.tenantDeskWorker);
    })
    .catch(() => {});
  init({ module_or_path: new URL('tenant-desk_bg.wasm', here) });
}
