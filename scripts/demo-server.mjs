// Shared by scripts/e2e.mjs and scripts/screenshots.mjs (run with `node --import tsx`): build the
// demo, serve the build with `vite preview` (which sends the demo's strict CSP header) beside the
// demo's quote service (scripts/demo-service.mjs, on a fresh SQLite file in a temp folder), and
// start Debian's Chromium through playwright-core (never `playwright install`). Vite and the
// service run in this process, so closing them is all the clean-up there is: no child process
// is left behind.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { startDemoService } from './demo-service.mjs';

export { demoCatalogs } from './demo-service.mjs';

export const configFile = fileURLToPath(new URL('../vite.demo.config.ts', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The demo pages, as the e2e check and the screenshots open them. */
export const PAGES = [
  { name: 'crm', path: 'index.html', mode: 'sales', framework: 'none' },
  { name: 'portal', path: 'portal.html', mode: 'self-service', framework: 'none' },
  { name: 'react', path: 'react.html', mode: 'sales', framework: 'react' },
  { name: 'vue', path: 'vue.html', mode: 'sales', framework: 'vue' },
];

/** `vite build --config vite.demo.config.ts` into demo-dist/. */
export async function buildDemo() {
  await build({ configFile, logLevel: 'error' });
}

/**
 * Serve demo-dist/ on a free port, with the demo's quote service beside it (on a free port of its
 * own, a fresh seeded SQLite store in a temp folder, proxied as /api as `npm start` does);
 * returns the base URL, the service (`url`, `seed`, `token(userId)`) and a `close()`.
 */
export async function startPreview() {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-demo-service-'));
  let service;
  try {
    service = await startDemoService({ dir, port: 0 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // vite.demo.config.ts reads the service's port when it is loaded, i.e. by preview() below.
  process.env.CPQ_SERVICE_PORT = new URL(service.url).port;
  const server = await preview({ configFile, logLevel: 'error', preview: { port: 0, strictPort: false } });
  const close = async () => {
    await server.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await close();
    throw new Error('vite preview started without a local URL');
  }
  return { url, service, close };
}

/** Chromium with the flags it needs as root in a container. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}
