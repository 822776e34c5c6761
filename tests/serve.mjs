// A static server for the built app (dist/), as a deployment should serve it:
// - the single-page-app fallback a static host needs: a path under the base without a
//   file extension gets index.html, so deep links and reloads of any route work;
// - the app under a base path (`--base /courses/tenant-desk/`), nothing outside it;
// - precompressed files: `x.wasm.br` or `x.wasm.gz` for `x.wasm` when the browser takes
//   them (scripts/finish-build.mjs writes them);
// - hashed file names cached for good, everything else (index.html, config.json, the
//   scenarios) revalidated on every load, so an update is picked up on reload;
// - pages of an app build (a folder with a config.json) go out with the
//   Content-Security-Policy `frame-ancestors` its config allows (scripts/frame-ancestors.mjs).
// Usage: node serve.mjs <dir> <port> [--base /sub/path/] [<host>=<dir> ...]
// A request for <host>:<port> is served from that <dir> instead: a second build as another
// origin on the same port (the embedding tests: localhost=../dist-embed-graph).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { frameAncestors } from '../scripts/frame-ancestors.mjs';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
const base = baseAt >= 0 ? args.splice(baseAt, 2)[1].replace(/\/?$/, '/') : '/';
const root = resolve(args[0] ?? '../dist');
const port = Number(args[1] ?? 4173);
const hosts = new Map(args.slice(2).map((a) => [a.slice(0, a.indexOf('=')), resolve(a.slice(a.indexOf('=') + 1))]));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};
// trunk's content hash (and boot.js's, by finish-build.mjs) before the extension, or in
// the name of a folder (the split app's, named by one hash of all its files).
const hashed = /-[0-9a-f]{8,16}((_bg)?\.[a-z]+$|\/)/;

/** The frame-ancestors policy of the build in `dir`, read from its config.json each time; null when it is not an app build. */
async function framePolicy(dir) {
  try {
    return frameAncestors(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')));
  } catch {
    return null;
  }
}

/** The precompressed copy of `file` the request accepts, with its encoding; else the file itself. */
async function encoded(req, file) {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!new RegExp(`\\b${encoding}\\b`).test(accepts)) continue;
    try {
      return { body: await readFile(file + suffix), encoding };
    } catch { /* not precompressed */ }
  }
  return { body: await readFile(file), encoding: null };
}

createServer(async (req, res) => {
  const dir = hosts.get((req.headers.host ?? '').replace(/:\d+$/, '')) ?? root;
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (path === base.slice(0, -1) && base !== '/') { res.writeHead(308, { location: base }).end(); return; }
  if (!path.startsWith(base)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
  path = `/${path.slice(base.length)}`;
  let file = normalize(join(dir, path));
  // Inside the folder itself, not a sibling whose name starts the same (dist, dist-graph).
  if (file !== dir && !file.startsWith(dir + sep)) { res.writeHead(403).end(); return; }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
  } catch {
    if (extname(path) === '') file = join(dir, 'index.html');
  }
  try {
    const { body, encoding } = await encoded(req, file);
    const headers = {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
    };
    if (encoding) headers['content-encoding'] = encoding;
    const policy = extname(file) === '.html' ? await framePolicy(dir) : null;
    if (policy) headers['content-security-policy'] = policy;
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}${base}${[...hosts].map(([h, d]) => `, ${d} on http://${h}:${port}`).join('')}`));
