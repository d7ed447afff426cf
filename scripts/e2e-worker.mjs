// The pricing worker under the demo's strict CSP (issue 15): on the built CRM page, served with
// its Content-Security-Policy header (`worker-src 'self'`, no eval), <cpq-quote> set to price
// every quote in its Web Worker (`workerThreshold = 0`) prices a quantity typed in the line
// editor there — the worker starts (Playwright sees it), no CSP violation, no fallback to the
// main thread — and the summary shows the new total, the same as pricing on the main thread.
// Part of `npm run test:e2e`; alone: `node --import tsx scripts/e2e-worker.mjs` (builds the demo).
import { pathToFileURL } from 'node:url';
import { runAlone, shownAs } from './demo-server.mjs';

/** Check the worker on the CRM page; problems go to `fail(label, message)`. */
export async function checkWorkerUnderCsp(browser, server, fail) {
  const label = 'pricing worker under CSP';
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const violations = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  try {
    const response = await page.goto(new URL('index.html', server.url).href, { waitUntil: 'networkidle' });
    const csp = response?.headers()['content-security-policy'] ?? '';
    if (!/worker-src 'self'/.test(csp) || /unsafe-eval|unsafe-inline/.test(csp)) fail(label, `the page's CSP does not allow same-origin workers only, without eval: ${csp}`);
    await page.waitForFunction(() => document.querySelector('cpq-quote')?.priced !== undefined);
    const before = await page.evaluate(() => {
      const q = document.querySelector('cpq-quote');
      q.workerThreshold = 0;
      return q.priced.totals.total;
    });
    const qty = page.locator('cpq-line-editor input[data-control=qty]').first();
    await qty.fill(String(Number(await qty.inputValue()) + 3));
    await qty.press('Enter');
    await page.waitForFunction((was) => {
      const q = document.querySelector('cpq-quote');
      return !q.hasAttribute('aria-busy') && q.priced.totals.total !== was;
    }, before);
    const after = await page.evaluate(async () => {
      const q = document.querySelector('cpq-quote');
      await q.updateComplete;
      const total = q.priced.totals.total;
      const s = document.querySelector('cpq-quote-summary');
      await s.updateComplete;
      return { total, counts: { ...q.pricingCounts }, shown: s.shadowRoot.querySelector('[data-figure="total"]').textContent.replace(/\s/g, '') };
    });
    if (workers.length === 0) fail(label, 'no Web Worker was started');
    else if (!workers.every((u) => new URL(u).origin === new URL(server.url).origin)) fail(label, `a worker from another origin: ${workers.join(', ')}`);
    if (after.counts.worker < 1 || after.counts.fallback > 0) fail(label, `the quote was not priced in the worker: ${JSON.stringify(after.counts)}`);
    const want = shownAs(after.total, 'zh-CN');
    if (!after.shown.includes(want)) fail(label, `the summary shows ${after.shown}, not the worker's total ${want}`);
    for (const v of violations) fail(label, v);
  } finally {
    await context.close();
  }
}

// Alone: build the demo, serve it under its CSP, run the check.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runAlone(checkWorkerUnderCsp, 'the pricing worker runs under the demo\'s strict CSP (worker-src \'self\'): the edit priced there, the total shown');
}
