// Shared by scripts/e2e.mjs and scripts/screenshots.mjs (run with `node --import tsx`): build the
// demo, serve the build with `vite preview` (which sends the demo's strict CSP header) beside the
// reference order receiver, and start Debian's Chromium through
// playwright-core (never `playwright install`). Vite runs in this process, so closing the
// server is all the clean-up there is: no child process is left behind.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { startOrderReceiver } from '../src/server/index.ts';

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

/** The bundled sample catalogs by catalog id: what the demo's order receiver verifies against. */
export function demoCatalogs() {
  return Object.fromEntries(['crm-saas', 'air-compressor'].map((name) => {
    const catalog = JSON.parse(readFileSync(new URL(`../demo/catalogs/${name}.json`, import.meta.url), 'utf8'));
    return [catalog.id, catalog];
  }));
}

/**
 * Serve demo-dist/ on a free port, with the reference order receiver beside it (on a free port of
 * its own, a fresh store in a temp folder, proxied as /api as `npm start` does); returns the base
 * URL, the receiver's orders URL and a `close()`.
 */
export async function startPreview() {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-demo-orders-'));
  const receiver = await startOrderReceiver({ catalogs: demoCatalogs(), store: join(dir, 'orders.jsonl'), port: 0 });
  // vite.demo.config.ts reads the receiver's port when it is loaded, i.e. by preview() below.
  process.env.RECEIVER_PORT = new URL(receiver.url).port;
  const server = await preview({ configFile, logLevel: 'error', preview: { port: 0, strictPort: false } });
  const close = async () => {
    await server.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await close();
    throw new Error('vite preview started without a local URL');
  }
  return { url, orders: receiver.url, store: receiver.store, close };
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
