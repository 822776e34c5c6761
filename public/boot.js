// Starts the app. Kept as a file (not an inline script) so that the page runs under a
// Content-Security-Policy without 'unsafe-inline'.
import init from '/tenant-desk.js';

init({ module_or_path: '/tenant-desk_bg.wasm' });
