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

/**
 * Report what goes wrong on a page through `fail(message)`: CSP violations, console errors,
 * uncaught errors, answers of 400 and more, failed requests. Init scripts run through the
 * DevTools protocol: the page's CSP does not apply to them.
 */
export async function watchPage(page, fail) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) fail(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) fail(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => fail(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
}

/**
 * One Chromium check run alone: build the demo, serve it under its CSP, run
 * `check(browser, server, fail)`, close everything; print the problems and exit 1, or `success`.
 */
export async function runAlone(check, success) {
  const started = performance.now();
  const failures = [];
  await buildDemo();
  const server = await startPreview();
  let browser;
  try {
    browser = await launchChromium();
    await check(browser, server, (where, message) => failures.push(`${where}: ${message}`));
  } finally {
    await browser?.close();
    await server.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.error(`✖ ${failures.length} problem(s) (${seconds} s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`✔ ${success} (${seconds} s)`);
}

/** A total as `<cpq-quote-summary>` shows it, blanks taken out: the locale's grouping, the total's own decimals. */
export function shownAs(total, locale) {
  const digits = (total.split('.')[1] ?? '').length;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(total).replace(/\s+/g, '');
}
