// Shared by scripts/e2e.mjs and scripts/screenshots.mjs: build the demo, serve the build with
// `vite preview` (which sends the demo's strict CSP header), and start Debian's Chromium through
// playwright-core (never `playwright install`). Vite runs in this process, so closing the
// server is all the clean-up there is: no child process is left behind.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

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

/** Serve demo-dist/ on a free port; returns its base URL and a `close()`. */
export async function startPreview() {
  const server = await preview({ configFile, logLevel: 'error', preview: { port: 0, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('vite preview started without a local URL');
  }
  return { url, close: () => server.close() };
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
