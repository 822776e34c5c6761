// Starts the app. Kept as a file (not an inline script) so that the page runs under a
// Content-Security-Policy without 'unsafe-inline'.
import init from '/tenant-desk.js';

// The configuration is read while the wasm compiles rather than after it: the app takes
// this promise instead of fetching config.json again (a page that loads the app its own
// way simply lets the app fetch it).
window.tenantDeskConfig = fetch('/config.json')
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
  init({ module_or_path: '/tenant-desk_bg.wasm' });
}
