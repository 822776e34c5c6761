// Trunk's post-build hook (Trunk.toml): finishes a build in trunk's staging folder.
// - Splits the app's wasm at its split points (split-app.mjs), in place of trunk's JS and
//   wasm, into a folder whose name carries a hash of its content.
// - Gives boot.js, the one script trunk does not manage, a hashed name as trunk gives the
//   others, and writes the hashed names of the app's JS and wasm, and of the simulated
//   tenant worker's loader (written here), into it; then points
//   index.html's script and preloads at them under the build's public_url. An update is
//   then never half-loaded: index.html (never cached) names one consistent set of files,
//   and every other file's name changes with its content, so it may be cached for good.
// - Writes brotli (.br) and gzip (.gz) copies of the JS, wasm and CSS beside them, for a
//   server that sends precompressed files (tests/serve.mjs does; see the README).
// config.json and the scenarios keep their names and are not compressed: a deployment
// edits them after the build.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { splitApp } from './split-app.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';
if (!staging) throw new Error('finish-build.mjs runs as trunk post_build hook (TRUNK_STAGING_DIR is not set)');
const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;

/** `text` with `from` replaced by `to`; fails the build when `from` is not there. */
function replaceOnce(text, from, to, where) {
  if (!text.includes(from)) throw new Error(`finish-build.mjs: ${where} has no ${from}`);
  return text.replace(from, to);
}

const files = readdirSync(staging);
const one = (re, what) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`finish-build.mjs: expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
// trunk's JS and wasm of the app, unsplit, give way to the split set (split-app.mjs),
// made from the wasm cargo built for trunk.
rmSync(join(staging, one(/^tenant-desk(-[0-9a-f]+)?_bg\.wasm$/, 'wasm')));
rmSync(join(staging, one(/^tenant-desk(-[0-9a-f]+)?\.js$/, 'wasm-bindgen JS')));
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const target = process.env.CARGO_TARGET_DIR ?? join(source, 'target');
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
const app = await splitApp(join(target, 'wasm32-unknown-unknown', profile, 'tenant-desk.wasm'), staging);
const { js, wasm } = app;

/** Renames `file` in the staging folder to carry a hash of its content; returns the new name. */
function hashName(file) {
  const body = readFileSync(join(staging, file));
  const hashed = file.replace(/(_bg)?\.(js|wasm)$/, (end) => `-${createHash('sha256').update(body).digest('hex').slice(0, 16)}${end}`);
  renameSync(join(staging, file), join(staging, hashed));
  return hashed;
}

// The simulated tenant's worker: trunk builds its JS (no modules: a worker's classic
// script) and wasm, but leaves their names unhashed; they get hashes here, and a small
// loader, hashed too, starts the one with the other.
const workerJs = hashName(one(/^tenant-worker\.js$/, 'worker JS'));
const workerWasm = hashName(one(/^tenant-worker_bg\.wasm$/, 'worker wasm'));
// Messages that come while the wasm loads would find no handler (the engine sets its own
// once it runs), so they wait and go to it after; a wasm that fails to load is thrown
// again, which the page sees as the worker's error event.
const loader = `importScripts('./${workerJs}');
const early = [];
self.onmessage = (e) => early.push(e);
wasm_bindgen({ module_or_path: './${workerWasm}' }).then(
  () => early.splice(0).forEach((e) => self.onmessage(e)),
  (e) => setTimeout(() => { throw e; }),
);
`;
const loaderName = `tenant-worker-loader-${createHash('sha256').update(loader).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(staging, loaderName), loader);

let boot = readFileSync(join(staging, 'boot.js'), 'utf8');
boot = replaceOnce(boot, "'./tenant-desk.js'", `'./${js}'`, 'boot.js');
boot = replaceOnce(boot, "'tenant-worker-loader.js'", `'${loaderName}'`, 'boot.js');
boot = replaceOnce(boot, "'tenant-desk_bg.wasm'", `'${wasm}'`, 'boot.js');
const bootName = `boot-${createHash('sha256').update(boot).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(staging, bootName), boot);
// The unhashed copy is not shipped: only index.html names the scripts.
rmSync(join(staging, 'boot.js'));

let html = readFileSync(join(staging, 'index.html'), 'utf8');
html = replaceOnce(html, 'src="/boot.js"', `src="${base}${bootName}"`, 'index.html');
html = replaceOnce(html, 'href="/tenant-desk.js"', `href="${base}${js}"`, 'index.html');
html = replaceOnce(html, 'href="/tenant-desk_bg.wasm"', `href="${base}${wasm}"`, 'index.html');
html = replaceOnce(html, 'href="/config.json"', `href="${base}config.json"`, 'index.html');
writeFileSync(join(staging, 'index.html'), html);

const served = [...readdirSync(staging), ...readdirSync(join(staging, app.folder)).map((f) => `${app.folder}/${f}`)];
for (const f of served) {
  if (!/\.(js|wasm|css)$/.test(f)) continue;
  const body = readFileSync(join(staging, f));
  writeFileSync(join(staging, `${f}.gz`), gzipSync(body, { level: 9 }));
  writeFileSync(join(staging, `${f}.br`), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
}
