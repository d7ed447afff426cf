// A rep's happy path on the built demo, counted (issue 14's Must-show): from an empty quote on
// the CRM page, the seller searches the catalog, adds CRM Professional, configures it (the CPQ
// module), sets the quantity and a line discount, takes 30 % off the quote and submits it; the
// sales manager and the sales director each approve their level; the seller downloads the PDF
// and sends the quote; the customer accepts it on the portal with a name and a PO reference; the
// seller places the order. Every user action goes through `act`, which counts what a person does:
// clicks, keys pressed (Enter, Tab, Ctrl+A…) and characters typed, per person. The demo's "sign in
// as" switch stands in for the host's own sign-in and is not counted. The counts are printed and
// returned; the walk fails if the order does not arrive.
import { readFileSync } from 'node:fs';
import { actionButton, api, CRM_CATALOG, signInAs, TIMEOUT, waitForState } from './e2e-flow.mjs';
import { quoteInput, SELLER } from './demo-service.mjs';

/** What each person did. */
function counter() {
  const by = {};
  const of = (who) => (by[who] ??= { clicks: 0, keys: 0, chars: 0 });
  return {
    by,
    async click(who, locator) {
      await locator.click();
      of(who).clicks++;
    },
    /** Click into a field, select what is there (Ctrl+A), type, and commit with `commit` (Enter or Tab). */
    async enter(who, page, locator, text, commit = 'Enter') {
      await locator.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
      await page.keyboard.press(commit);
      Object.assign(of(who), { clicks: of(who).clicks + 1, keys: of(who).keys + 2, chars: of(who).chars + text.length });
    },
    async type(who, page, locator, text) {
      await locator.click();
      await page.keyboard.type(text);
      Object.assign(of(who), { clicks: of(who).clicks + 1, chars: of(who).chars + text.length });
    },
    total() {
      return Object.values(by).reduce((a, b) => ({ clicks: a.clicks + b.clicks, keys: a.keys + b.keys, chars: a.chars + b.chars }), { clicks: 0, keys: 0, chars: 0 });
    },
  };
}

const quote = () => (page) => page.evaluate(() => document.querySelector('cpq-quote').quote);

/** The walk; returns the counts. */
export async function checkHappyPath(browser, server, fail) {
  const name = 'happy path';
  const n = counter();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  try {
    const sample = JSON.parse(readFileSync(new URL('../demo/quotes/crm-pro-120.json', import.meta.url), 'utf8'));
    const created = await api(server, 'POST', '/quotes', quoteInput({ ...sample, lines: [] }, CRM_CATALOG));
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => fail(name, `page error: ${e.message}`));
    await page.goto(new URL(`index.html?quote=${encodeURIComponent(created.quoteId)}&as=${SELLER}`, server.url).href, { waitUntil: 'networkidle' });
    await page.waitForFunction((id) => document.querySelector('cpq-quote')?.quote?.id === id && document.querySelector('cpq-quote').priced, created.quoteId);

    // Search and add.
    const picker = page.locator('cpq-product-picker');
    await n.type('seller', page, picker.getByRole('searchbox').or(picker.getByLabel(/搜索/)).first(), '专业版');
    await n.click('seller', picker.getByRole('button', { name: /CRM 专业版/ }).first());
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.lines.length === 1);
    // Configure: the CPQ module.
    await n.click('seller', page.locator('cpq-configurator').getByRole('checkbox', { name: /报价管理/ }).first());
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.lines[0].options?.some((o) => o.sku === 'ADDON-CPQ'));
    // Quantity and a line discount, in the line editor.
    const editor = page.locator('cpq-line-editor');
    await n.enter('seller', page, editor.getByRole('textbox', { name: /^数量/ }).first(), '120');
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.lines[0].qty === '120');
    await n.enter('seller', page, editor.getByRole('textbox', { name: /^折扣/ }).first(), '5');
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.lines[0].discount?.percent === '5');
    // 30 % off the quote, then submit.
    await n.enter('seller', page, page.locator('cpq-quote-summary').getByLabel('整单折扣（%）'), '30');
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.discount?.percent === '30');
    await n.click('seller', actionButton(page, '提交审批'));
    await waitForState(page, 'approval-pending');

    for (const [approver, level] of [['li.manager', '销售经理'], ['zhao.director', '销售总监']]) {
      await signInAs(page, approver);
      await n.click(approver, actionButton(page, `以${level}身份批准…`));
      await n.click(approver, actionButton(page, '确认批准'));
      await page.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    }
    await waitForState(page, 'approved');

    await signInAs(page, SELLER);
    const [download] = await Promise.all([page.waitForEvent('download'), n.click('seller', actionButton(page, '下载报价单 PDF'))]);
    if (!(await download.path())) fail(name, 'the PDF did not download');
    await n.click('seller', actionButton(page, '发送给客户…'));
    await n.click('seller', actionButton(page, '确认发送'));
    await waitForState(page, 'sent');
    const href = await page.locator('#share-link a').getAttribute('href');

    const customer = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const portal = await customer.newPage();
      portal.setDefaultTimeout(TIMEOUT);
      await portal.goto(new URL(href, new URL('index.html', server.url)).href, { waitUntil: 'networkidle' });
      await waitForState(portal, 'sent');
      const actions = portal.locator('cpq-quote-actions');
      await n.type('customer', portal, actions.getByLabel(/name|姓名/i).first(), '陈静');
      await n.type('customer', portal, actions.getByLabel(/PO|采购单号/i).first(), 'PO-2026-118');
      await n.click('customer', actions.getByRole('button', { name: /^(接受报价|Accept this quote)$/ }));
      await waitForState(portal, 'accepted');
    } finally {
      await customer.close();
    }

    await page.reload({ waitUntil: 'networkidle' });
    await waitForState(page, 'accepted');
    await n.click('seller', actionButton(page, '下单…'));
    await n.click('seller', actionButton(page, '确认下单'));
    await waitForState(page, 'ordered');
    const orders = (await api(server, 'GET', '/orders?limit=100')).data.filter((o) => o.quoteId === created.quoteId);
    if (orders.length !== 1) fail(name, `the service holds ${orders.length} orders of ${created.quoteId}, want 1`);
    const q = await quote()(page);
    if (q.lines.length !== 1) fail(name, `the quote has ${q.lines.length} lines, want 1`);
  } finally {
    await context.close();
  }
  const t = n.total();
  const people = Object.entries(n.by).map(([who, c]) => `${who} ${c.clicks}/${c.keys}/${c.chars}`).join(', ');
  console.log(`  happy path: ${t.clicks} clicks, ${t.keys} keys, ${t.chars} characters (clicks/keys/characters: ${people})`);
  return { total: t, by: n.by };
}
