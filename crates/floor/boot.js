// Loads the floor page's wasm (trunk's inline loader is off, as in the app).
import init from '/leptos-floor.js';
init({ module_or_path: '/leptos-floor_bg.wasm' });
