// The example host's side of the Tenant Desk embedding protocol (README, "Embedding").
const params = new URLSearchParams(location.search);
const appUrl = params.get('app') ?? 'http://127.0.0.1:4178/';
// Messages go to, and are taken from, exactly the app's origin.
const appOrigin = new URL(appUrl).origin;
const frame = document.getElementById('tenant-desk');
const events = document.getElementById('events');

/** Sends one message to the app. */
function send(message) {
  frame.contentWindow.postMessage(message, appOrigin);
}

/** Adds an event to the list, as text. */
function log(message) {
  const { type, ...rest } = message;
  const item = document.createElement('li');
  item.textContent = Object.keys(rest).length ? `${type} ${JSON.stringify(rest)}` : type;
  events.append(item);
}

window.addEventListener('message', (event) => {
  // Only the app's own frame, from the app's origin.
  if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
  const message = event.data;
  if (typeof message?.type !== 'string' || !message.type.startsWith('tenantDesk.')) return;
  if (message.type === 'tenantDesk.resize') frame.style.height = `${Math.max(200, message.height)}px`;
  log(message);
});

for (const button of document.querySelectorAll('[data-path]')) {
  button.addEventListener('click', () => send({ type: 'tenantDesk.navigate', path: button.dataset.path }));
}

const purple = {
  '--colorBrandBackground': '#5c2e91',
  '--colorBrandBackgroundHover': '#4b2577',
  '--colorBrandBackgroundPressed': '#321a4f',
  '--colorBrandForeground1': '#5c2e91',
  '--colorBrandBackground2': '#f3eefa',
};
document.getElementById('theme-purple').addEventListener('click', () => send({ type: 'tenantDesk.theme', tokens: purple }));
// An empty value puts a token back to the app's own.
document.getElementById('theme-default').addEventListener('click', () =>
  send({ type: 'tenantDesk.theme', tokens: Object.fromEntries(Object.keys(purple).map((k) => [k, ''])) }));

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  // A real intranet page gets this from its own sign-in (MSAL's acquireTokenSilent for
  // https://graph.microsoft.com/.default), on tenantDesk.ready and on tenantDesk.tokenNeeded.
  send({ type: 'tenantDesk.token', accessToken: form.get('token'), expiresOn: Date.now() + Number(form.get('seconds')) * 1000 });
});

for (const probe of params.getAll('probe')) {
  const other = document.createElement('iframe');
  other.src = probe;
  other.title = `Another frame, from ${new URL(probe).origin}`;
  other.className = 'probe';
  document.getElementById('probes').append(other);
}

frame.src = appUrl;
