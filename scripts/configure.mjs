#!/usr/bin/env node
// Configures a built app for one deployment: copies a config.json into the build and
// writes the page's Content-Security-Policy so that it allows exactly the origins that
// configuration talks to (its Graph base URL and its sign-in authority) and nothing else.
//
//   node scripts/configure.mjs <dist folder> <config.json>
//
// Run it on the output of `trunk build --release` before publishing the folder. Without
// it the page allows only its own origin, which is all the built-in simulated tenant needs.
//
// Which pages may frame the app (`embed.allowedOrigins`) is a response header that the
// web server must send (a meta tag cannot set frame-ancestors): this checks those origins
// and prints the header (see the README, "Embedding").
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowedOrigins, frameAncestors } from './frame-ancestors.mjs';

const [dist, configPath] = process.argv.slice(2);
if (!dist || !configPath) {
  console.error('usage: node scripts/configure.mjs <dist folder> <config.json>');
  process.exit(2);
}

function fail(message) {
  console.error(`configure: ${message}`);
  process.exit(1);
}

let config;
try {
  config = JSON.parse(readFileSync(configPath, 'utf8'));
} catch (e) {
  fail(`${configPath} is not valid JSON (${e.message})`);
}

/** The origin of an http(s) URL, or a failure naming the field. */
function originOf(field, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`${field} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${field} must be http(s): ${value}`);
  return url.origin;
}

const connect = new Set(["'self'"]);
if (config.backend === 'graph') {
  connect.add(originOf('baseUrl', config.baseUrl));
  if (config.auth) connect.add(originOf('auth.authority', config.auth.authority));
} else if (config.backend !== 'simulated') {
  fail(`backend must be "simulated" or "graph", not ${JSON.stringify(config.backend)}`);
}

const embed = allowedOrigins(config);
if (embed.bad.length) fail(embed.bad.join('; '));

const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src ${[...connect].join(' ')}`,
].join('; ');

const indexPath = join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const meta = /<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/;
if (!meta.test(html)) fail(`${indexPath} has no Content-Security-Policy meta tag to rewrite`);
writeFileSync(indexPath, html.replace(meta, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`));
copyFileSync(configPath, join(dist, 'config.json'));
console.log(`configure: ${dist} now talks to ${[...connect].join(' ')}`);
console.log(`configure: serve its pages with the header  Content-Security-Policy: ${frameAncestors(config)}`);
