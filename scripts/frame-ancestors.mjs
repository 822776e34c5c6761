// Which pages may frame a build: the Content-Security-Policy `frame-ancestors` directive
// for a config.json, exactly the origins its `embed.allowedOrigins` names, read by the same
// rule as the app's own (src/embed/origin.rs): http(s), a host, an optional port, nothing
// after it but one optional `/`, no wildcard. Without an embed section: 'self' only.
//
// A response header, not a <meta> tag: browsers ignore frame-ancestors in a meta tag.
// Used by scripts/configure.mjs (checks a deployment's config) and tests/serve.mjs (sends it).

/** The allowed origins of `config` as browsers write them, and the entries that are not origins. */
export function allowedOrigins(config) {
  const written = config?.embed?.allowedOrigins;
  const origins = [];
  const bad = [];
  if (config?.embed == null) return { origins, bad };
  if (!Array.isArray(written)) return { origins, bad: [`embed.allowedOrigins must be a list, not ${JSON.stringify(written)}`] };
  written.forEach((value, i) => {
    const origin = originOf(value);
    if (origin) origins.push(origin);
    else bad.push(`embed.allowedOrigins[${i}] ${JSON.stringify(value)} is not an origin (https://host[:port])`);
  });
  return { origins, bad };
}

/** `https://host[:port]` as browsers serialize it, or null. */
function originOf(value) {
  if (typeof value !== 'string' || value.includes('*') || !/^https?:\/\/[^/?#\\@]+\/?$/i.test(value.trim())) return null;
  try {
    return new URL(value.trim()).origin;
  } catch {
    return null;
  }
}

/** The directive: `frame-ancestors <origins>`, or `frame-ancestors 'self'` when none. */
export function frameAncestors(config) {
  const { origins } = allowedOrigins(config);
  return `frame-ancestors ${origins.length ? origins.join(' ') : "'self'"}`;
}
