// The whole quote-to-cash walk on the built demo, under its strict CSP, against the reference
// order receiver (run by scripts/e2e.mjs):
//   CRM page: submit for approval → approve → send → accept → download the PDF (read back with
//   pdftotext and readQuoteFromPdf) → place the order → the receiver has it once, verified; the
//   stage bar follows cpq-stage-suggest.
//   Portal: the order is placed offline, then the receiver stays unreachable across a reload; the
//   outbox delivers it once the network is back: one order, never two.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readQuoteFromPdf } from '../src/pdf/index.ts';

const TIMEOUT = 10_000;

async function open(browser, base, path, name, fail) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => fail(name, `page error: ${e.message}`));
  page.on('console', (m) => {
    // An order POST that fails on purpose (offline, blocked) is logged by Chromium as an error.
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to load resource/.test(m.text())) fail(name, `console error: ${m.text()}`);
  });
  await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => document.querySelector('cpq-quote')?.priced !== undefined);
  return { context, page };
}

const lifecycleState = (page) => page.evaluate(() => document.querySelector('cpq-quote').quote.lifecycle?.state ?? 'draft');

async function waitForState(page, state) {
  await page.waitForFunction((s) => (document.querySelector('cpq-quote').quote.lifecycle?.state ?? 'draft') === s, state).catch(async () => {
    const errors = await page.locator('cpq-quote-actions [part~=errors]').allTextContents();
    throw new Error(`the quote did not reach "${state}" (it is "${await lifecycleState(page)}") ${errors.join(' ')}`);
  });
}

const currentStage = (page) => page.evaluate(() => document.querySelector('.stage-bar [aria-current="step"]')?.textContent.trim() ?? '');

/** CRM page, zh-CN: from the sample quote to an order the receiver has verified. */
export async function checkCrmFlow(browser, server, fail) {
  const name = 'flow (CRM)';
  const { context, page } = await open(browser, server.url, 'index.html', name, fail);
  const dir = mkdtempSync(join(tmpdir(), 'cpq-e2e-pdf-'));
  try {
    const actions = page.locator('cpq-quote-actions');
    const button = (label) => actions.getByRole('button', { name: label, exact: true });
    if (await button('提交审批').count()) {
      await button('提交审批').click();
      await waitForState(page, 'approval-pending');
      await button('批准').click();
      await waitForState(page, 'approved');
    }
    await button('发送给客户').click();
    await waitForState(page, 'sent');
    if (!(await currentStage(page)).includes('商务谈判')) fail(name, `after sending, the stage bar shows "${await currentStage(page)}", want 商务谈判`);
    await actions.getByLabel('客户采购单号（可选）').fill('PO-2026-118');
    await button('客户已接受').click();
    await waitForState(page, 'accepted');
    if (!(await currentStage(page)).includes('签约')) fail(name, `after acceptance, the stage bar shows "${await currentStage(page)}", want 签约`);

    // The quote PDF, as a user downloads it: pdf-lib, fontkit and the font load on demand.
    const [download] = await Promise.all([page.waitForEvent('download'), button('下载报价单 PDF').click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = new Uint8Array(readFileSync(file));
    const { id, total } = await page.evaluate(() => {
      const q = document.querySelector('cpq-quote');
      return { id: q.quote.id, total: q.priced.totals.total };
    });
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout ?? '';
    const grouped = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format(total);
    if (!text.includes('报价单') || !text.includes(grouped) || !text.includes('大写金额')) fail(name, `the downloaded PDF lacks 报价单, the total ${grouped} or 大写金额`);
    const attached = await readQuoteFromPdf(bytes);
    if (attached?.quoteId !== id || attached?.totals.total !== total) fail(name, `the PDF's attached quote is ${attached?.quoteId} ${attached?.totals.total}, want ${id} ${total}`);

    await button('下单').click();
    await waitForState(page, 'ordered');
    const eventId = await page.evaluate(() => document.querySelector('cpq-quote').quote.lifecycle.orderEventId);
    const stored = server.store.all().filter((o) => o.id === eventId);
    if (stored.length !== 1) fail(name, `the receiver holds ${stored.length} orders with id ${eventId}, want 1`);
    else if (!stored[0].digest || stored[0].total !== total) fail(name, `the stored order is not the verified one (digest ${stored[0].digest}, total ${stored[0].total})`);
    await page.locator('cpq-quote-actions [part~=order]').filter({ hasText: '订单已送达' }).waitFor();
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Portal, en: an order placed offline survives a reload with the receiver unreachable, and arrives once. */
export async function checkPortalDelivery(browser, server, fail) {
  const name = 'flow (portal)';
  const { context, page } = await open(browser, server.url, 'portal.html?lang=en', name, fail);
  try {
    const actions = page.locator('cpq-quote-actions');
    await actions.getByRole('button', { name: 'Accept this quote', exact: true }).click();
    await waitForState(page, 'accepted');
    const quote = await page.evaluate(() => document.querySelector('cpq-quote').quote);
    const eventId = `order:${encodeURIComponent(quote.id)}:v${quote.version ?? 1}`;

    await context.setOffline(true);
    await actions.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('cpq-quote').cpq?.order.status === 'pending');
    let attempts = 0;
    await page.route('**/api/orders', (route) => {
      attempts++;
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await page.waitForFunction(() => true, null, { timeout: 1000 }).catch(() => {});
    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    if (server.store.has(eventId)) fail(name, 'the order arrived while the receiver was unreachable');
    if (attempts === 0) fail(name, 'the reloaded page did not try to send the stored order');
    await page.unroute('**/api/orders');
    const deadline = Date.now() + 15_000;
    while (!server.store.has(eventId) && Date.now() < deadline) await page.waitForTimeout(200);
    const stored = server.store.all().filter((o) => o.id === eventId);
    if (stored.length !== 1) fail(name, `after the network came back the receiver holds ${stored.length} orders ${eventId}, want 1 (${attempts} blocked attempts)`);
  } finally {
    await context.close();
  }
}
