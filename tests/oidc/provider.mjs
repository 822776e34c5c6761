// A real OpenID Connect provider for the browser tests: panva's oidc-provider (8.x, the
// newest major that supports Node.js 20), configured like the app's real one (Entra ID) in
// the ways the app relies on: authorization code + PKCE S256 for a public single-page client,
// JWT access tokens for Microsoft Graph (aud, upn, scp), refresh tokens usable from the
// browser (CORS), prompt=none on an existing session, and RP-initiated logout.
//
//   node oidc/provider.mjs --port 8795 --redirect-uri http://127.0.0.1:4176/ \
//     [--redirect-uri ...] [--access-token-ttl 3600] [--client-id tenant-desk] [--confirm-logout]
//
// Sign-in uses the provider's own development login and consent pages (devInteractions):
// any login name is accepted, the password is ignored. Everything lives in memory; signing
// keys are made at start. Prints one line, `oidc-provider listening on <issuer>`, when ready.
// OIDC_DEBUG=1 also prints why the token endpoint refused a request (on stderr).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

// oidc-provider prints notices about its development-only defaults (devInteractions, TTL
// helpers, ...). They are intended here: drop those known lines, let any other through.
const DEV_NOTICES = [
  /^oidc-provider NOTICE: /,
  /^oidc-provider WARNING: a quick start development-only feature devInteractions is enabled/,
];
for (const level of ['info', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    // eslint-disable-next-line no-control-regex
    const text = String(args[0] ?? '').replace(/\x1b\[[0-9;]*m/g, '');
    if (!DEV_NOTICES.some((re) => re.test(text))) original(...args);
  };
}

const { default: Provider, errors } = await import('oidc-provider');

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8795' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'access-token-ttl': { type: 'string', default: '3600' },
    'client-id': { type: 'string', default: 'tenant-desk' },
    'confirm-logout': { type: 'boolean', default: false },
  },
});

const port = Number(opts.port);
const accessTokenTTL = Number(opts['access-token-ttl']);
const redirectUris = opts['redirect-uri'];
if (!Number.isInteger(port) || port <= 0 || !(accessTokenTTL > 0) || redirectUris.length === 0) {
  console.error('usage: node oidc/provider.mjs --port N --redirect-uri URL [--redirect-uri URL ...] '
    + '[--access-token-ttl SECONDS] [--client-id ID] [--confirm-logout]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const clientId = opts['client-id'];
const appOrigins = new Set(redirectUris.map((u) => new URL(u).origin));

const GRAPH = 'https://graph.microsoft.com';
const GRAPH_SCOPES = 'User.ReadWrite.All Group.ReadWrite.All Directory.Read.All User.Invite.All';

// Signing key, new on every start.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

// Storage: a Map with expiry, like the package's quick-start memory adapter, plus the two
// test controls below (which need to reach every stored refresh token and session).
const store = new Map(); // `${model}:${id}` -> { payload, expiresAt }
const alive = (key) => {
  const entry = store.get(key);
  if (entry && entry.expiresAt <= Date.now()) { store.delete(key); return undefined; }
  return entry;
};
class TestAdapter {
  constructor(model) { this.model = model; }

  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Infinity;
    store.set(this.key(id), { payload, expiresAt });
    if (this.model === 'Session') store.set(`SessionUid:${payload.uid}`, { payload: id, expiresAt });
    if (payload.grantId) {
      const grantKey = `GrantTokens:${payload.grantId}`;
      const list = alive(grantKey)?.payload ?? [];
      list.push(this.key(id));
      store.set(grantKey, { payload: list, expiresAt: Infinity });
    }
    if (payload.userCode) store.set(`UserCode:${payload.userCode}`, { payload: id, expiresAt });
  }

  async find(id) { return alive(this.key(id))?.payload; }

  async findByUid(uid) {
    const id = alive(`SessionUid:${uid}`)?.payload;
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = alive(`UserCode:${userCode}`)?.payload;
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const entry = alive(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) { store.delete(this.key(id)); }

  async revokeByGrantId(grantId) {
    const grantKey = `GrantTokens:${grantId}`;
    for (const key of alive(grantKey)?.payload ?? []) store.delete(key);
    store.delete(grantKey);
  }
}
const dropAll = (model) => {
  for (const key of [...store.keys()]) if (key.startsWith(`${model}:`)) store.delete(key);
};

// The account is whatever login name was typed (a UPN such as admin@contoso.onmicrosoft.com).
const displayName = (upn) => upn.split('@')[0].split(/[._-]+/).filter(Boolean)
  .map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || upn;

const configuration = {
  adapter: TestAdapter,
  jwks: { keys: [jwk] },
  cookies: {
    keys: [randomBytes(32).toString('hex')],
    // The app (127.0.0.1:4176) and the provider (127.0.0.1:8795) are the same site, so Lax
    // cookies reach the provider on the sign-in redirects and in a hidden iframe. The
    // package's default SameSite=None would need Secure, which plain http cannot give.
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
  },
  clients: [{
    client_id: clientId,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris,
  }],
  // The token endpoint answers the app's origin (its redirect URIs' origins) from fetch().
  clientBasedCORS(ctx, origin, client) {
    return client.clientId === clientId && appOrigins.has(origin);
  },
  pkce: { methods: ['S256'], required: () => true },
  scopes: ['openid', 'profile', 'offline_access'],
  claims: {
    acr: null, sid: null, auth_time: null, iss: null,
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
  },
  // Put the profile claims in the ID token itself (the access token is Graph's, so the app
  // never calls userinfo).
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() { return { sub, preferred_username: sub, name: displayName(sub) }; },
    };
  },
  // The package drops offline_access from an authorization request whose prompt is not
  // `consent` (OpenID Connect Core 11), and so by default issues no refresh token, and a
  // refresh that asks offline_access again (as the app's does: it sends its whole scope)
  // would answer invalid_scope. The real provider issues a refresh token whenever the app
  // asks offline_access, which it always does: issue one on every code of this client, and
  // record offline_access in it (the refresh token copies the code's scope right after this).
  async issueRefreshToken(ctx, client, code) {
    if (!client.grantTypeAllowed('refresh_token')) return false;
    if (!code.scopes.has('offline_access')) code.scope = `${code.scope} offline_access`; // eslint-disable-line no-param-reassign
    return true;
  },
  // Refresh tokens outlive the browser session (as the real provider's do); RP-initiated
  // logout still revokes the grant and every token of it.
  async expiresWithSession() { return false; },
  ttl: {
    AccessToken: () => accessTokenTTL,
    AuthorizationCode: 60,
    IdToken: 3600,
    RefreshToken: 24 * 3600,
    Interaction: 3600,
    Session: 24 * 3600,
    Grant: 24 * 3600,
  },
  extraTokenClaims(ctx, token) {
    // Graph's v1 access tokens name the user in upn and the delegated permissions in scp.
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    return {
      upn: token.accountId,
      preferred_username: token.accountId,
      scp: token.scope,
    };
  },
  formats: {
    customizers: {
      jwt(ctx, token, jwt) {
        jwt.payload.nbf = jwt.payload.iat; // eslint-disable-line no-param-reassign
      },
    },
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The app does not send `resource`: every request is for Graph.
      defaultResource: (ctx, client, oneOf) => (oneOf ? oneOf[0] : GRAPH),
      useGrantedResource: () => true,
      getResourceServerInfo(ctx, resourceIndicator) {
        if (resourceIndicator !== GRAPH) throw new errors.InvalidTarget();
        return {
          audience: GRAPH,
          scope: GRAPH_SCOPES,
          accessTokenTTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      // Sign-out asks nothing by default: the confirmation form submits itself with
      // logout=yes (what its "Yes, sign me out" button sends). --confirm-logout keeps the
      // package's own page with its two buttons.
      ...(opts['confirm-logout'] ? {} : {
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Signing out</title></head>
<body>
  ${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
  <p>Signing out…</p>
  <script>document.getElementById('op.logoutForm').submit()</script>
</body></html>`;
        },
      }),
    },
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    const rows = Object.entries(out)
      .map(([k, v]) => `<pre><strong>${k}</strong>: ${String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`);
    ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>oops! something went wrong</title></head>
<body><h1>oops! something went wrong</h1>${rows.join('')}</body></html>`;
  },
};

const provider = new Provider(issuer, configuration);

// The package's pages import a web font from a public CDN; the tests reach only this
// machine, so take that import out of every HTML page.
provider.use(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.response.is('html')) {
    ctx.body = ctx.body.replace(/@import url\(https?:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
  }
});

// TEST-ONLY controls, outside the OIDC paths; the real provider has nothing like them.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/__test/revoke') {
    // Every refresh token issued so far stops working (the next refresh: invalid_grant);
    // the login session and the grants stay, so prompt=none still succeeds.
    dropAll('RefreshToken');
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/__test/end-sessions') {
    // Every login session ends (the next prompt=none: login_required).
    dropAll('Session');
    dropAll('SessionUid');
    ctx.status = 204;
    return;
  }
  await next();
});

// Unexpected failures are shown in one line each; OAuth errors answered to the client are
// part of normal runs and stay quiet.
if (process.env.OIDC_DEBUG) {
  provider.on('grant.error', (ctx, e) => console.error(`oidc-provider grant.error: ${e.error} ${e.error_detail ?? e.error_description ?? ''}`));
}
provider.on('server_error', (ctx, err) => console.error(`oidc-provider server_error: ${err?.message ?? err}`));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
server.on('error', (err) => {
  console.error(`oidc-provider: cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
