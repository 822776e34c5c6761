// Self-test of the test OpenID provider (oidc/provider.mjs), no browser: starts it on a free
// port and walks the app's sign-in as a browser would, with fetch and a small cookie jar.
//
//   node oidc/check.mjs          (from tests/)
//
// Exits non-zero, naming the step, on the first failure. --verbose prints the decoded tokens;
// OIDC_DEBUG=1 makes the provider print each token-endpoint error's reason on stderr.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const APP = 'http://127.0.0.1:4176';
const REDIRECT = `${APP}/`;
const CLIENT = 'tenant-desk';
const UPN = 'admin@contoso.onmicrosoft.com';
const GRAPH_SCOPES = ['User.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'User.Invite.All'];
const SCOPE = ['openid', 'profile', 'offline_access', ...GRAPH_SCOPES].join(' ');
const TTL = 600;

let step = 'start';
const fail = (msg) => { throw new Error(`${step}: ${msg}`); };
const ok = (cond, msg) => { if (!cond) fail(msg); };
const eq = (actual, expected, what) => ok(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);

const b64url = (buf) => buf.toString('base64url');
const decode = (jwt) => {
  const [h, p] = String(jwt).split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// A browser's cookies for one origin (the provider's), enough for what it sets.
class Jar {
  constructor() { this.cookies = new Map(); }

  take(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const pathAttr = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a));
      const path = pathAttr ? pathAttr.slice(5) : '/';
      const expired = attrs.some((a) => /^expires=/i.test(a.trim()) && Date.parse(a.trim().slice(8)) < Date.now())
        || attrs.some((a) => /^max-age=(0|-)/i.test(a.trim()));
      const key = `${name};${path}`;
      if (expired || value === '') this.cookies.delete(key); else this.cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  clear() { this.cookies.clear(); }
}

// Follows redirects on the provider's origin as a browser would, stopping at the app.
async function browse(jar, url, init = {}) {
  let current = new URL(url);
  let options = { ...init };
  for (let hops = 0; hops < 20; hops += 1) {
    if (current.origin === APP) return { appUrl: current };
    const headers = { ...(options.headers || {}), cookie: jar.header(current) };
    const res = await fetch(current, { ...options, headers, redirect: 'manual' });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      current = new URL(res.headers.get('location'), current);
      options = {}; // 302/303: the next request is a GET
      continue;
    }
    return { res, url: current, html: await res.text() };
  }
  return fail('too many redirects');
}

// A page's first form with its hidden and filled inputs, submitted like a browser.
function formOf(html, pageUrl, fill = {}) {
  const m = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  ok(m, `no form on the page: ${html.slice(0, 300)}`);
  const action = /action="([^"]*)"/i.exec(m[1])?.[1] ?? pageUrl.href;
  const body = new URLSearchParams();
  for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[1])?.[1];
    const value = /value="([^"]*)"/i.exec(input[1])?.[1] ?? '';
    if (name) body.set(name, fill[name] ?? value);
  }
  for (const [k, v] of Object.entries(fill)) body.set(k, v);
  return { action: new URL(action.replace(/&amp;/g, '&'), pageUrl), body };
}

function authorizeUrl(issuer, { prompt } = {}) {
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(12));
  const nonce = b64url(randomBytes(12));
  const u = new URL(`${issuer}/auth`);
  const q = {
    client_id: CLIENT,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    response_mode: 'query',
    ...(prompt ? { prompt } : {}),
  };
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  return { url: u, verifier, state, nonce };
}

async function token(issuer, form) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
    body: new URLSearchParams(form),
  });
  return { res, json: await res.json() };
}

function assertCors(res) {
  eq(res.headers.get('access-control-allow-origin'), APP, 'Access-Control-Allow-Origin');
}

function callback(appUrl, attempt) {
  ok(appUrl, 'the provider did not send the browser back to the app');
  eq(appUrl.origin + appUrl.pathname, REDIRECT, 'redirect_uri');
  eq(appUrl.searchParams.get('state'), attempt.state, 'state');
  return appUrl.searchParams;
}

function checkAccessToken(at, issuer) {
  const { header, payload } = decode(at);
  eq(header.alg, 'RS256', 'access token alg');
  eq(header.typ, 'at+jwt', 'access token typ');
  ok(header.kid, 'access token has no kid');
  eq(payload.aud, 'https://graph.microsoft.com', 'access token aud');
  eq(payload.iss, issuer, 'access token iss');
  eq(payload.upn, UPN, 'access token upn');
  eq(payload.preferred_username, UPN, 'access token preferred_username');
  eq(payload.sub, UPN, 'access token sub');
  eq(payload.client_id, CLIENT, 'access token client_id');
  eq([...String(payload.scp).split(' ')].sort().join(' '), [...GRAPH_SCOPES].sort().join(' '), 'access token scp');
  const now = Math.floor(Date.now() / 1000);
  ok(Math.abs(payload.exp - (now + TTL)) <= 5, `access token exp ${payload.exp} is not now + ${TTL}`);
  ok(payload.nbf <= now + 1 && payload.iat <= now + 1, 'access token nbf/iat in the future');
  return payload;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [`${here}provider.mjs`, '--port', String(port), '--redirect-uri', REDIRECT,
  '--access-token-ttl', String(TTL)], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
child.stdout.on('data', (d) => { out += d; });
child.stderr.on('data', (d) => { err += d; });
const verbose = process.argv.includes('--verbose');

try {
  step = 'provider start';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('provider start: no "listening" line in 10 s')), 10000);
    child.on('exit', (code) => reject(new Error(`provider start: exited with ${code}\n${err}`)));
    child.stdout.on('data', () => { if (out.includes('\n')) { clearTimeout(t); resolve(); } });
  });
  eq(out, `oidc-provider listening on ${issuer}\n`, 'stdout');

  step = 'discovery';
  const disc = await (await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { origin: APP } })).json();
  eq(disc.issuer, issuer, 'issuer');
  ok(disc.end_session_endpoint, 'no end_session_endpoint');
  ok(JSON.stringify(disc.code_challenge_methods_supported) === '["S256"]', `code_challenge_methods_supported ${disc.code_challenge_methods_supported}`);

  const jar = new Jar();

  step = 'authorize without PKCE';
  {
    const a = authorizeUrl(issuer);
    a.url.searchParams.delete('code_challenge');
    a.url.searchParams.delete('code_challenge_method');
    const { appUrl } = await browse(new Jar(), a.url);
    eq(callback(appUrl, a).get('error'), 'invalid_request', 'error');
  }

  step = 'prompt=none before signing in';
  {
    const a = authorizeUrl(issuer, { prompt: 'none' });
    const { appUrl } = await browse(jar, a.url);
    eq(callback(appUrl, a).get('error'), 'login_required', 'error');
  }

  step = 'authorize → login form';
  const first = authorizeUrl(issuer);
  let page = await browse(jar, first.url);
  ok(page.html && /name="login"/.test(page.html), `no login form: ${page.html?.slice(0, 300)}`);
  ok(/<button[^>]*type="submit"[^>]*>Sign-in<\/button>/.test(page.html), 'no "Sign-in" button');
  ok(!/fonts\.googleapis/.test(page.html), 'the login page still imports a web font');

  step = 'submit login';
  let form = formOf(page.html, page.url, { login: UPN, password: 'anything' });
  page = await browse(jar, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  if (page.html) {
    step = 'consent';
    ok(/<button[^>]*type="submit"[^>]*>Continue<\/button>/.test(page.html), `no consent "Continue" button: ${page.html.slice(0, 300)}`);
    form = formOf(page.html, page.url);
    eq(form.body.get('prompt'), 'consent', 'consent form prompt');
    page = await browse(jar, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  const params = callback(page.appUrl, first);
  ok(params.get('code'), `no code: ${params}`);
  eq(params.get('iss'), issuer, 'iss in the redirect');

  step = 'preflight of the token endpoint';
  {
    const res = await fetch(`${issuer}/token`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    ok(res.status === 204 || res.status === 200, `status ${res.status}`);
    assertCors(res);
    ok(/POST/.test(res.headers.get('access-control-allow-methods') ?? ''), 'POST not allowed');
  }

  step = 'code exchange';
  let { res, json } = await token(issuer, {
    grant_type: 'authorization_code', client_id: CLIENT, code: params.get('code'),
    redirect_uri: REDIRECT, code_verifier: first.verifier, scope: SCOPE,
  });
  eq(res.status, 200, `status (${JSON.stringify(json)})`);
  assertCors(res);
  eq(json.token_type, 'Bearer', 'token_type');
  eq(json.expires_in, TTL, 'expires_in');
  ok(json.refresh_token, 'no refresh_token');
  const atPayload = checkAccessToken(json.access_token, issuer);
  const idt = decode(json.id_token).payload;
  eq(idt.nonce, first.nonce, 'id token nonce');
  eq(idt.aud, CLIENT, 'id token aud');
  eq(idt.preferred_username, UPN, 'id token preferred_username');
  eq(idt.name, 'Admin', 'id token name');
  if (verbose) console.log('access token', atPayload, '\nid token', idt, '\ntoken response scope', json.scope);
  const { id_token: idToken } = json;
  let refresh = json.refresh_token;

  step = 'refresh';
  for (let i = 0; i < 2; i += 1) {
    ({ res, json } = await token(issuer, {
      grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refresh, scope: SCOPE,
    }));
    eq(res.status, 200, `status (${JSON.stringify(json)})`);
    assertCors(res);
    checkAccessToken(json.access_token, issuer);
    ok(json.refresh_token, 'no new refresh_token');
    refresh = json.refresh_token;
  }

  step = 'prompt=none with the session';
  let silentRefresh;
  {
    const a = authorizeUrl(issuer, { prompt: 'none' });
    const { appUrl } = await browse(jar, a.url);
    const p = callback(appUrl, a);
    ok(p.get('code'), `no code: ${p}`);
    ({ res, json } = await token(issuer, {
      grant_type: 'authorization_code', client_id: CLIENT, code: p.get('code'),
      redirect_uri: REDIRECT, code_verifier: a.verifier, scope: SCOPE,
    }));
    eq(res.status, 200, `status (${JSON.stringify(json)})`);
    checkAccessToken(json.access_token, issuer);
    eq(decode(json.id_token).payload.nonce, a.nonce, 'id token nonce');
    ok(json.refresh_token, 'no refresh_token after prompt=none');
    silentRefresh = json.refresh_token;
    ({ res, json } = await token(issuer, {
      grant_type: 'refresh_token', client_id: CLIENT, refresh_token: silentRefresh, scope: SCOPE,
    }));
    eq(res.status, 200, `refresh of the prompt=none refresh token (${JSON.stringify(json)})`);
    silentRefresh = json.refresh_token;
  }

  step = 'token endpoint from another origin';
  {
    const r = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:9999' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refresh }),
    });
    ok(r.status === 400 && !r.headers.get('access-control-allow-origin'), `status ${r.status}, ACAO ${r.headers.get('access-control-allow-origin')}`);
  }

  step = '/__test/revoke';
  eq((await fetch(`${issuer}/__test/revoke`, { method: 'POST' })).status, 204, 'status');
  for (const rt of [refresh, silentRefresh]) {
    ({ res, json } = await token(issuer, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: rt, scope: SCOPE }));
    eq(json.error, 'invalid_grant', `refresh after revoke (${res.status})`);
    assertCors(res);
  }

  step = 'prompt=none after /__test/revoke';
  {
    const a = authorizeUrl(issuer, { prompt: 'none' });
    const { appUrl } = await browse(jar, a.url);
    const p = callback(appUrl, a);
    ok(p.get('code'), `no code: ${p}`);
    ({ json } = await token(issuer, {
      grant_type: 'authorization_code', client_id: CLIENT, code: p.get('code'),
      redirect_uri: REDIRECT, code_verifier: a.verifier, scope: SCOPE,
    }));
    ok(json.refresh_token, `no refresh_token: ${JSON.stringify(json)}`);
    refresh = json.refresh_token;
  }

  step = '/__test/end-sessions';
  eq((await fetch(`${issuer}/__test/end-sessions`, { method: 'POST' })).status, 204, 'status');
  {
    const a = authorizeUrl(issuer, { prompt: 'none' });
    const { appUrl } = await browse(jar, a.url);
    eq(callback(appUrl, a).get('error'), 'login_required', 'error');
  }

  step = 'sign in again (prompt=login) after end-sessions';
  let idToken2;
  {
    const a = authorizeUrl(issuer, { prompt: 'login' });
    page = await browse(jar, a.url);
    ok(page.html && /name="login"/.test(page.html), 'no login form');
    form = formOf(page.html, page.url, { login: UPN, password: 'x' });
    page = await browse(jar, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (page.html) {
      form = formOf(page.html, page.url);
      page = await browse(jar, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    const p = callback(page.appUrl, a);
    ok(p.get('code'), `no code: ${p}`);
    ({ res, json } = await token(issuer, {
      grant_type: 'authorization_code', client_id: CLIENT, code: p.get('code'),
      redirect_uri: REDIRECT, code_verifier: a.verifier, scope: SCOPE,
    }));
    eq(res.status, 200, `status (${JSON.stringify(json)})`);
    ok(json.refresh_token, 'no refresh_token');
    idToken2 = json.id_token;
    refresh = json.refresh_token;
    ({ res, json } = await token(issuer, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refresh, scope: SCOPE }));
    eq(res.status, 200, `refresh (${JSON.stringify(json)})`);
    refresh = json.refresh_token;
  }

  step = 'end session';
  {
    ok(idToken, 'no id token');
    const u = new URL(disc.end_session_endpoint);
    u.searchParams.set('client_id', CLIENT);
    u.searchParams.set('post_logout_redirect_uri', REDIRECT);
    u.searchParams.set('id_token_hint', idToken2);
    page = await browse(jar, u);
    // The page submits itself (a script); do what it does.
    ok(page.html && /id="op.logoutForm"/.test(page.html), `no logout form: ${page.html?.slice(0, 300)}`);
    ok(/<script>/.test(page.html), 'the logout page does not submit itself');
    form = formOf(page.html, page.url);
    eq(form.body.get('logout'), 'yes', 'logout');
    page = await browse(jar, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    ok(page.appUrl, `not sent back to the app: ${page.res?.status} ${page.html?.slice(0, 300)}`);
    eq(page.appUrl.href, REDIRECT, 'post_logout_redirect_uri');

    const a = authorizeUrl(issuer, { prompt: 'none' });
    const { appUrl } = await browse(jar, a.url);
    eq(callback(appUrl, a).get('error'), 'login_required', 'prompt=none after logout');

    // Offline access outlives the browser session (as at the real provider): the refresh
    // token still works; the app forgets its tokens itself when it signs out.
    ({ res, json } = await token(issuer, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refresh, scope: SCOPE }));
    eq(res.status, 200, `refresh after logout (${JSON.stringify(json)})`);
  }

  step = 'code used twice';
  {
    // A code sent twice: the second answer is invalid_grant, and the provider revokes the
    // whole grant (RFC 6749 4.1.2), so the refresh token of the first answer dies too.
    const j = new Jar();
    const a = authorizeUrl(issuer);
    page = await browse(j, a.url);
    form = formOf(page.html, page.url, { login: UPN, password: 'x' });
    page = await browse(j, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (page.html) {
      form = formOf(page.html, page.url);
      page = await browse(j, form.action, { method: 'POST', body: form.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    const p = callback(page.appUrl, a);
    const exchange = { grant_type: 'authorization_code', client_id: CLIENT, code: p.get('code'), redirect_uri: REDIRECT, code_verifier: a.verifier, scope: SCOPE };
    ({ res, json } = await token(issuer, exchange));
    eq(res.status, 200, `first exchange (${JSON.stringify(json)})`);
    const rt = json.refresh_token;
    ({ res, json } = await token(issuer, exchange));
    eq(json.error, 'invalid_grant', 'second exchange');
    ({ json } = await token(issuer, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: rt, scope: SCOPE }));
    eq(json.error, 'invalid_grant', 'refresh after the code was sent twice');
  }

  step = 'provider output';
  ok(!/\n\s+at /.test(err), `stack trace on stderr:\n${err}`);
  if (!process.env.OIDC_DEBUG) ok(err.trim() === '', `unexpected stderr:\n${err}`);
  eq(out, `oidc-provider listening on ${issuer}\n`, 'stdout');

  step = 'stop';
  const code = await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  eq(code, 0, 'exit code after SIGTERM');

  console.log('oidc check: all steps passed');
} catch (e) {
  console.error(`oidc check FAILED at ${e.message}`);
  if (err.trim()) console.error(`provider stderr:\n${err.trim()}`);
  if (out.trim()) console.error(`provider stdout:\n${out.trim()}`);
  child.kill('SIGTERM');
  process.exitCode = 1;
}
