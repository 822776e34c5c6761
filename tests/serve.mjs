// A static server for the built app (dist/), with the single-page-app fallback that a
// static host needs: unknown paths without a file extension get index.html. Pages of an app
// build (a folder with a config.json) go out with the Content-Security-Policy
// `frame-ancestors` its config allows (scripts/frame-ancestors.mjs), as a deployment sends it.
// Usage: node serve.mjs <dir> <port> [<host>=<dir> ...]
// A request for <host>:<port> is served from that <dir> instead: a second build as another
// origin on the same port (the embedding tests: localhost=../dist-embed-graph).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { frameAncestors } from '../scripts/frame-ancestors.mjs';

const root = resolve(process.argv[2] ?? '../dist');
const port = Number(process.argv[3] ?? 4173);
const hosts = new Map(process.argv.slice(4).map((a) => [a.slice(0, a.indexOf('=')), resolve(a.slice(a.indexOf('=') + 1))]));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** The frame-ancestors policy of the build in `dir`, read from its config.json each time; null when it is not an app build. */
async function framePolicy(dir) {
  try {
    return frameAncestors(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')));
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  const dir = hosts.get((req.headers.host ?? '').replace(/:\d+$/, '')) ?? root;
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(dir, path));
  // Inside the folder itself, not a sibling whose name starts the same (dist, dist-graph).
  if (file !== dir && !file.startsWith(dir + sep)) { res.writeHead(403).end(); return; }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
  } catch {
    if (extname(path) === '') file = join(dir, 'index.html');
  }
  try {
    const body = await readFile(file);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    const policy = extname(file) === '.html' ? await framePolicy(dir) : null;
    if (policy) headers['content-security-policy'] = policy;
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}${[...hosts].map(([h, d]) => `, ${d} on http://${h}:${port}`).join('')}`));
