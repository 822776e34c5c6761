// Posts to the app's frame (the first frame of the page around this one), to any origin.
const app = window.parent.frames[0];
document.getElementById('navigate').addEventListener('click', () => app.postMessage({ type: 'tenantDesk.navigate', path: '/groups' }, '*'));
document.getElementById('theme').addEventListener('click', () =>
  app.postMessage({ type: 'tenantDesk.theme', tokens: { '--colorBrandBackground': '#c00000' } }, '*'));
