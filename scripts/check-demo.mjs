#!/usr/bin/env node
// Quick check of the demo pages (index, portal, react, vue) under their strict
// Content-Security-Policy, in Debian's Chromium driven by playwright-core (never
// `playwright install`). The full end-to-end check of the built demo is scripts/e2e.mjs
// (`npm run test:e2e`, part of `npm test`).
//   node scripts/check-demo.mjs            dev server (what `npm start` serves)
//   node scripts/check-demo.mjs --preview  the production build in demo-dist/ (run build:demo first)
//   node scripts/check-demo.mjs --url http://127.0.0.1:5173/   a server that is already running
// Fails on a missing CSP header, any CSP violation, console error, page error or failed request.
// Without --url it starts the demo's quote service too (scripts/demo-service.mjs, on a fresh
// SQLite file in a temp folder), as `npm start` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';
import { createServer, preview } from 'vite';

const args = process.argv.slice(2);
const urlArg = args.includes('--url') ? args[args.indexOf('--url') + 1] : undefined;
const mode = urlArg ? 'url' : args.includes('--preview') ? 'preview' : 'dev';
const configFile = new URL('../vite.demo.config.ts', import.meta.url).pathname;

let service;
let serviceDir;
if (mode !== 'url') {
  // The service is the kit's own TypeScript: loaded through tsx, so that plain `node` runs this script.
  register();
  const { startDemoService } = await import('./demo-service.mjs');
  serviceDir = mkdtempSync(join(tmpdir(), 'cpq-check-demo-'));
  service = await startDemoService({ dir: serviceDir, port: 0 });
  // vite.demo.config.ts reads the port when it is loaded, i.e. by createServer()/preview() below.
  process.env.CPQ_SERVICE_PORT = new URL(service.url).port;
}

let server;
let url = urlArg;
if (mode === 'dev') {
  server = await createServer({ configFile, logLevel: 'warn', server: { port: 0, strictPort: false } });
  await server.listen();
  url = server.resolvedUrls.local[0];
} else if (mode === 'preview') {
  server = await preview({ configFile, logLevel: 'warn', preview: { port: 0, strictPort: false } });
  url = server.resolvedUrls.local[0];
}

const PAGES = ['index.html', 'portal.html', 'react.html', 'vue.html'];
const problems = [];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const path of PAGES) {
    const page = await browser.newPage();
    const before = problems.length;
    // Init scripts run through the DevTools protocol, so the page's CSP does not block them.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${path}: console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${path}: HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`${path}: request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

    const response = await page.goto(new URL(path, url).href, { waitUntil: 'networkidle' });
    const csp = response?.headers()['content-security-policy'];
    if (!csp) problems.push(`${path}: the page has no Content-Security-Policy header`);
    else if (/unsafe-inline|unsafe-eval/.test(csp)) problems.push(`${path}: the CSP is not strict: ${csp}`);
    // Give late module errors and violation reports a moment to arrive.
    await page.waitForTimeout(300);
    console.log(`${problems.length === before ? '✔' : '✖'} ${mode}: ${new URL(path, url).href}`);
    console.log(`  status ${response?.status()}, title "${await page.title()}", CSP: ${csp ?? '(none)'}`);
    console.log(`  body: ${(await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 160)}`);
    await page.close();
  }
} finally {
  await browser.close();
  await (mode === 'dev' ? server?.close() : server?.close?.());
  await service?.close();
  if (serviceDir) rmSync(serviceDir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`✖ ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('✔ no CSP violations, console errors or failed requests');
