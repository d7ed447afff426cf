// The whole quote-to-cash walk on the built demo, under its strict CSP, against the demo's quote
// service (run by scripts/e2e.mjs), as the people involved do it:
//   CRM page, signed in as the seller: a fresh quote at 30 % off (the CRM catalog's rules then
//   need the sales manager and the sales director), submitted; "sign in as" the manager, who
//   approves; the director, who approves; the seller again, who sends it: the share link appears.
//   Portal, with that link: the customer accepts with a name and a PO reference; the page never
//   requests a catalog and no response or DOM node holds a seller-only field.
//   CRM page, the seller: the quote PDF downloaded and read back (pdftotext, readQuoteFromPdf),
//   the order placed; then, through the API as the seller, exactly one order, which
//   verifyOrder(catalog, event) accepts.
import { expectAccessible } from './e2e-axe.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readQuoteFromPdf } from '../src/pdf/index.ts';
import { verifyOrder } from '../src/quote/index.ts';
import { demoCatalogs, PREFIX, quoteInput, SELLER, USERS } from './demo-service.mjs';
import { expectNoInternalFigures, watchCustomerTraffic } from './e2e-leaks.mjs';

export const TIMEOUT = 10_000;
const catalogs = demoCatalogs();
export const CRM_CATALOG = 'demo-crm-2026';
/** 30 % off the quote (with the sample's 5 % line discount) needs the sales manager and the sales director. */
const DISCOUNT = '30';

export async function open(context, base, path, name, fail) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => fail(name, `page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') fail(name, `console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) fail(name, `HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => {
    const q = document.querySelector('cpq-quote');
    return q?.priced !== undefined && q.quote?.lines.length > 0;
  });
  return page;
}

const lifecycleState = (page) => page.evaluate(() => {
  const q = document.querySelector('cpq-quote');
  return q.cpq?.lifecycle?.state ?? q.quote.lifecycle?.state ?? 'draft';
});

export async function waitForState(page, state) {
  await page.waitForFunction((s) => {
    const q = document.querySelector('cpq-quote');
    return (q.cpq?.lifecycle?.state ?? q.quote.lifecycle?.state ?? 'draft') === s;
  }, state).catch(async () => {
    const errors = await page.locator('cpq-quote-actions [part~=errors]').allTextContents();
    throw new Error(`the quote did not reach "${state}" (it is "${await lifecycleState(page)}") ${errors.join(' ')}`);
  });
}

const currentStage = (page) => page.evaluate(() => document.querySelector('.stage-bar [aria-current="step"]')?.textContent.trim() ?? '');

/** "Sign in as" on the CRM page: the labelled select, as a user picks from it. */
export async function signInAs(page, user) {
  await page.getByLabel(/^(登录身份|Signed in as)$/).selectOption(user);
  // Signed in once the page has the user's token: it then names them as the actor.
  const display = USERS.find((u) => u.id === user).name;
  await page.waitForFunction((n) => document.querySelector('cpq-quote').actor === n, display);
}

/** The quote service's API, as the seller (a token minted the way the demo's sign-in does). */
export async function api(server, method, path, body) {
  const token = await server.service.token(SELLER);
  const res = await fetch(`${server.service.url}${PREFIX}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Download the quote PDF on `page` and read it back: the title, the total, the amount in words, the attached quote. */
async function checkPdf(page, name, fail) {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-e2e-pdf-'));
  try {
    const button = page.locator('cpq-quote-actions').getByRole('button', { name: '下载报价单 PDF', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seller → manager → director → customer → seller, to one verified order. */
export async function checkCrmFlow(browser, server, fail) {
  const name = 'flow (CRM)';
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const step = { at: 'opening the CRM page' };
  try {
    // A fresh quote of the seller's, so that the per-page checks' edits of the seeded one do not matter.
    const created = await api(server, 'POST', '/quotes', quoteInput(JSON.parse(readFileSync(new URL('../demo/quotes/crm-pro-120.json', import.meta.url), 'utf8')), CRM_CATALOG));
    const page = await open(context, server.url, `index.html?quote=${encodeURIComponent(created.quoteId)}&as=${SELLER}`, name, fail);
    await walk(context, page, server, created.quoteId, name, fail, step);
  } catch (error) {
    throw new Error(`${step.at}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  } finally {
    await context.close();
  }
}

export const actionButton = (page, label) => page.locator('cpq-quote-actions').getByRole('button', { name: label, exact: true });

/** A consequential move: its button, then the confirmation's own button. */
async function confirmMove(page, label, confirm) {
  await actionButton(page, label).click();
  await actionButton(page, confirm).click();
}

/** The seller sets the quote discount in the summary, as a user types it. */
async function setDiscount(page, percent) {
  const field = page.locator('cpq-quote-summary').getByLabel('整单折扣（%）');
  await field.fill(percent);
  await field.press('Enter');
  await page.waitForFunction((p) => String(document.querySelector('cpq-quote').quote.discount?.percent) === p, percent);
}

/** Every move is the service's, every identity a token. */
async function walk(context, page, server, quoteId, name, fail, step) {
  if ((await page.evaluate(() => document.querySelector('cpq-quote').quote.id)) !== quoteId) fail(name, `the CRM page opened ${await page.evaluate(() => document.querySelector('cpq-quote').quote.id)}, want ${quoteId}`);
  step.at = `the seller setting ${DISCOUNT} % off`;
  await setDiscount(page, DISCOUNT);
  const levels = await page.evaluate(() => [...new Set(document.querySelector('cpq-quote').priced.approvals.map((a) => a.level))]);
  if (levels.join() !== 'manager,director') fail(name, `${DISCOUNT} % off needs ${levels.join(', ') || 'no'} approval, want manager and director`);
  step.at = 'the seller submitting';
  await actionButton(page, '提交审批').click();
  await waitForState(page, 'approval-pending');
  await expectAccessible(page, name, 'submitted, the seller', fail);

  // Each approver decides their own level (one level per click), after a confirmation.
  for (const [approver, level] of [['li.manager', '销售经理'], ['zhao.director', '销售总监']]) {
    step.at = `${approver} approving`;
    await signInAs(page, approver);
    const approved = page.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    await confirmMove(page, `以${level}身份批准…`, '确认批准');
    const answer = await approved;
    if (answer.status() !== 200) fail(name, `${approver}'s approval was answered ${answer.status()}`);
    await expectAccessible(page, name, `after ${approver}'s approval`, fail);
  }
  await waitForState(page, 'approved');

  step.at = 'the seller sending';
  await signInAs(page, SELLER);
  if (await page.locator('cpq-quote-actions').getByRole('button', { name: /批准/ }).count()) fail(name, 'the seller is offered an approval of their own quote');
  await confirmMove(page, '发送给客户…', '确认发送');
  await waitForState(page, 'sent');
  await expectAccessible(page, name, 'sent, the seller', fail);
  const link = page.locator('#share-link a');
  await link.waitFor();
  const href = await link.getAttribute('href');
  if (!/#share=[\w.-]+$/.test(href ?? '')) throw new Error(`the share link is "${href}"`);

  // The customer, in a browser of their own (no seller session), with the link.
  const portalName = 'flow (portal)';
  const customer = await context.browser().newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    step.at = 'the customer opening the share link';
    const portal = await customer.newPage();
    const traffic = watchCustomerTraffic(portal, portalName, fail);
    portal.setDefaultTimeout(TIMEOUT);
    portal.on('pageerror', (e) => fail(portalName, `page error: ${e.message}`));
    portal.on('console', (m) => m.type() === 'error' && fail(portalName, `console error: ${m.text()}`));
    const url = new URL(href, new URL('index.html', server.url));
    url.searchParams.set('lang', 'en');
    await portal.goto(url.href, { waitUntil: 'networkidle' });
    await portal.waitForFunction((id) => document.querySelector('cpq-quote')?.quote?.id === id && document.querySelector('cpq-quote').priced, quoteId);
    await waitForState(portal, 'sent');
    await expectNoInternalFigures(portal, portalName, 'the sent quote', fail);
    await expectAccessible(portal, portalName, 'the sent quote', fail);
    step.at = 'the customer accepting';
    const actions = portal.locator('cpq-quote-actions');
    await actions.getByLabel(/name|姓名/i).first().fill('Chen Jing');
    await actions.getByLabel(/PO|采购单号/i).first().fill('PO-2026-118');
    await actions.getByRole('button', { name: 'Accept this quote', exact: true }).click();
    await waitForState(portal, 'accepted');
    await expectNoInternalFigures(portal, portalName, 'after accepting', fail);
    await expectAccessible(portal, portalName, 'after accepting', fail);
    const bodies = await traffic.check('from opening the link to accepting');
    if (bodies < 3) fail(portalName, `only ${bodies} JSON responses were scanned (the shared quote, its catalog, the acceptance)`);
  } finally {
    await customer.close();
  }

  // The seller sees the acceptance, downloads the PDF and places the order.
  step.at = 'the seller seeing the acceptance';
  await page.reload({ waitUntil: 'networkidle' });
  await waitForState(page, 'accepted');
  await expectAccessible(page, name, 'accepted, the seller', fail);
  if (!(await currentStage(page)).includes('签约')) fail(name, `after acceptance, the stage bar shows "${await currentStage(page)}", want 签约`);
  step.at = 'the seller downloading the PDF';
  await checkPdf(page, name, fail);
  step.at = 'the seller placing the order';
  await confirmMove(page, '下单…', '确认下单');
  await waitForState(page, 'ordered');
  await expectAccessible(page, name, 'ordered, the seller', fail);

  step.at = 'reading the order through the API';
  const orders = (await api(server, 'GET', '/orders?limit=100')).data.filter((o) => o.quoteId === quoteId);
  if (orders.length !== 1) {
    fail(name, `the service holds ${orders.length} orders of ${quoteId}, want 1`);
    return;
  }
  const { event } = await api(server, 'GET', `/orders/${encodeURIComponent(orders[0].id)}`);
  const verdict = verifyOrder(catalogs[CRM_CATALOG], event);
  if (!verdict.ok) fail(name, `verifyOrder refuses the order: ${verdict.differences.slice(0, 3).map((d) => `${d.path}: ${JSON.stringify(d.expected)} ≠ ${JSON.stringify(d.actual)}`).join('; ')}`);
  const acceptance = event.data?.acceptance;
  if (acceptance?.by !== 'Chen Jing' || acceptance?.reference !== 'PO-2026-118') fail(name, `the order's acceptance is ${JSON.stringify(acceptance)}, want Chen Jing with PO-2026-118`);
}
