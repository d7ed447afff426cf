// A contract amended and renewed on the built demo, in Chromium, under its strict CSP (issue 16's
// Must-show; run by scripts/e2e.mjs, or alone: `node --import tsx scripts/e2e-contract.mjs`).
// The running contract is the one the demo service seeds (the CRM sample quote, ordered).
//   CRM page, the seller: in the 客户合同 card, an amendment from the first day of the fourth
//   month of the contract; in the line editor the CRM-PRO subscription's quantity from that day
//   120 → 150 (+30 seats, a change line co-terminated with the contract: nothing to approve at the
//   contracted price); 30 % off the quote, which the CRM catalog's rules give to the sales manager
//   (17 % off the list); submitted. The manager approves. The seller
//   downloads the PDF — read back with pdftotext: the change's service period in the kit's words
//   with the label pricing wrote ("服务期 … 至 …，按 9 个月 + 5/28 个月 计"), the change's
//   quantity, unit price and amount and the total equal to the service's priced quote, the
//   existing subscription tagged — and sends it; the customer accepts on the portal; the seller
//   orders. The order event (through the API): type cpq-kit.order.amended, the contract's id and
//   version 2, verifyOrder accepts it; the contract now has 120 seats to the day before and 150
//   from the effective date to its end; the change's amount is 30 × the contracted unit price ×
//   the period's exact factor (its whole months and partial days, recounted here), rounded once,
//   then 30 % off.
//   Then, in the same card: a renewal for 12 months at +4 %; the renewal's unit price is the
//   contracted one × 1.04 and its amounts qty × price × 12 (decimal.js, not the kit); its PDF
//   prints the next term's period; submitted (nothing to approve), sent, accepted, ordered: type
//   cpq-kit.order.renewed with the contract id, version 3, verifyOrder accepts it.
// axe over the whole page at each step.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Decimal from 'decimal.js';
import { verifyOrder } from '../src/quote/index.ts';
import { expectAccessible } from './e2e-axe.mjs';
import { actionButton, api, CRM_CATALOG, signInAs, TIMEOUT, waitForState } from './e2e-flow.mjs';
import { demoCatalogs, SELLER } from './demo-service.mjs';

const NAME = 'contract (CRM)';
const squash = (s) => s.replace(/\s+/g, '');
const grouped = (v) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(v);

/** The first day of the fourth month after the contract's start: mid-term, with a partial month. */
function effectiveDay(start) {
  const [y, m] = start.split('-').map(Number);
  const month = m + 3;
  return `${y + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-01`;
}

/** A whole move: its button, then the confirmation's. */
async function confirmMove(page, label, confirm) {
  await actionButton(page, label).click();
  await actionButton(page, confirm).click();
}

/** Download the quote's PDF on `page`; its text (pdftotext -layout). */
async function pdfText(page) {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-e2e-contract-'));
  try {
    const [download] = await Promise.all([page.waitForEvent('download'), actionButton(page, '下载报价单 PDF').click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pdftotext: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The customer accepts the sent quote on the portal, from the share link the CRM page shows. */
async function acceptOnPortal(browser, server, page, quoteId, fail) {
  const link = page.locator('#share-link a');
  await page.waitForFunction(() => !document.getElementById('share-link')?.hidden);
  const href = await link.getAttribute('href');
  const customer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const portal = await customer.newPage();
    portal.setDefaultTimeout(TIMEOUT);
    portal.on('pageerror', (e) => fail('contract (portal)', `page error: ${e.message}`));
    portal.on('console', (m) => m.type() === 'error' && fail('contract (portal)', `console error: ${m.text()}`));
    await portal.goto(new URL(href, new URL('index.html', server.url)).href, { waitUntil: 'networkidle' });
    await portal.waitForFunction((id) => document.querySelector('cpq-quote')?.quote?.id === id && document.querySelector('cpq-quote').priced, quoteId);
    await waitForState(portal, 'sent');
    await expectAccessible(portal, 'contract (portal)', `${quoteId} sent`, fail);
    const actions = portal.locator('cpq-quote-actions');
    await actions.getByLabel(/name|姓名/i).first().fill('陈静');
    await actions.getByLabel(/PO|采购单号/i).first().fill('PO-2027-031');
    await actions.getByRole('button', { name: /^(接受报价|Accept this quote)$/ }).click();
    await waitForState(portal, 'accepted');
  } finally {
    await customer.close();
  }
  await page.reload({ waitUntil: 'networkidle' });
  await page.waitForFunction((id) => document.querySelector('cpq-quote')?.quote?.id === id && document.querySelector('cpq-quote').priced, quoteId);
  await waitForState(page, 'accepted');
}

/** The one order of `quoteId`, its event checked: type, contract, verifyOrder. */
async function orderEvent(server, quoteId, type, contractId, version, fail) {
  const orders = (await api(server, 'GET', '/orders?limit=100')).data.filter((o) => o.quoteId === quoteId);
  if (orders.length !== 1) throw new Error(`the service holds ${orders.length} orders of ${quoteId}, want 1`);
  const { event } = await api(server, 'GET', `/orders/${encodeURIComponent(orders[0].id)}`);
  if (event.type !== type) fail(NAME, `the order of ${quoteId} is a ${event.type}, want ${type}`);
  if (event.data.contract?.id !== contractId || event.data.contract?.version !== version) fail(NAME, `the order of ${quoteId} names contract ${JSON.stringify(event.data.contract)}, want ${contractId} version ${version}`);
  const verdict = verifyOrder(demoCatalogs()[CRM_CATALOG], event);
  if (!verdict.ok) fail(NAME, `verifyOrder refuses the order of ${quoteId}: ${verdict.differences.slice(0, 3).map((d) => `${d.path}: ${JSON.stringify(d.expected)} ≠ ${JSON.stringify(d.actual)}`).join('; ')}`);
  return event;
}

/** Open `quoteId` from the contracts card's button, wait until the element holds it priced. */
async function startFromCard(page, card, button) {
  const made = page.waitForResponse((r) => /\/contracts\/[^/]+\/(amendments|renewals)$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST');
  await card.getByRole('button', { name: button, exact: true }).click();
  const answer = await made;
  if (answer.status() !== 201) throw new Error(`${button}: HTTP ${answer.status()} ${await answer.text()}`);
  const { quoteId } = await answer.json();
  await page.waitForFunction((id) => {
    const q = document.querySelector('cpq-quote');
    return q?.quote?.id === id && q.priced?.quoteId === id;
  }, quoteId);
  return quoteId;
}

export async function checkContractWalk(browser, server, fail) {
  const step = { at: 'reading the seeded contract' };
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  try {
    const contractId = server.service.seed.contract;
    if (!contractId) throw new Error('the demo service seeded no contract');
    const before = (await api(server, 'GET', `/contracts/${encodeURIComponent(contractId)}`)).contract;
    const sub = before.subscriptions.find((s) => s.sku === 'CRM-PRO');
    if (!sub || sub.qty !== '120') throw new Error(`the seeded contract has no 120 CRM-PRO seats: ${JSON.stringify(before.subscriptions)}`);
    const eff = effectiveDay(before.start);

    step.at = 'opening the CRM page';
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => fail(NAME, `page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && fail(NAME, `console error: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && fail(NAME, `HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
    await page.goto(new URL(`index.html?as=${SELLER}`, server.url).href, { waitUntil: 'networkidle' });
    const card = page.locator(`.contracts-card article[data-contract="${contractId}"]`);
    await card.waitFor();
    await expectAccessible(page, NAME, 'the contracts card', fail);

    // --- The amendment: +30 seats from the effective date. ---
    step.at = `amending from ${eff}`;
    await card.getByLabel('变更生效日').fill(eff);
    const amendmentId = await startFromCard(page, card, '从该日起变更');
    const kind = await page.evaluate(() => document.querySelector('cpq-quote').quote.kind);
    if (kind !== 'amendment') fail(NAME, `the card opened a quote of kind ${kind}, want amendment`);
    const editor = page.locator('cpq-line-editor');
    const seats = editor.getByRole('textbox', { name: new RegExp(`^自 ${eff} 起数量 ${sub.id}`) });
    await seats.fill('150');
    await seats.press('Enter');
    await page.waitForFunction((id) => document.querySelector('cpq-quote').priced?.lines.some((l) => l.id === `${id}:add` && l.qty === '30'), sub.id);
    const changeRow = editor.locator(`tr[data-line="${sub.id}:add"]`);
    const label = await page.evaluate((id) => document.querySelector('cpq-quote').priced.lines.find((l) => l.id === `${id}:add`).proration.label, sub.id);
    const rowText = squash(await changeRow.innerText());
    if (!rowText.includes('数量变更+30') || !rowText.includes(squash(`服务期 ${eff} 至 ${before.end}，按 ${label} 计`))) fail(NAME, `the change row says "${await changeRow.innerText()}"`);
    await expectAccessible(page, NAME, 'the amendment with +30 seats', fail);

    // The seats as sold: nothing to approve. 30 % off them is 17 % off their list price (the
    // contracted price is above the list: the CPQ module is folded into it): the manager's.
    const asSold = await page.evaluate(() => document.querySelector('cpq-quote').priced.approvals.length);
    if (asSold !== 0) fail(NAME, `+30 seats at the contracted price asks for ${asSold} approval(s)`);
    step.at = 'the seller taking 30 % off and submitting';
    const discount = page.locator('cpq-quote-summary').getByLabel('整单折扣（%）');
    await discount.fill('30');
    await discount.press('Enter');
    await page.waitForFunction(() => document.querySelector('cpq-quote').quote.discount?.percent === '30');
    const levels = await page.evaluate(() => [...new Set(document.querySelector('cpq-quote').priced.approvals.map((a) => a.level))]);
    if (levels.join() !== 'manager') fail(NAME, `the amendment at 30 % off needs ${levels.join(', ') || 'no'} approval, want the manager's`);
    await actionButton(page, '提交审批').click();
    await waitForState(page, 'approval-pending');

    step.at = 'the manager approving the amendment';
    await signInAs(page, 'li.manager');
    const approved = page.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    await confirmMove(page, '以销售经理身份批准…', '确认批准');
    if ((await approved).status() !== 200) fail(NAME, 'the manager\'s approval was refused');
    await waitForState(page, 'approved');
    await expectAccessible(page, NAME, 'the amendment approved, the manager', fail);

    step.at = 'the seller reading the amendment\'s PDF';
    await signInAs(page, SELLER);
    const stored = await api(server, 'GET', `/quotes/${encodeURIComponent(amendmentId)}`);
    const change = stored.priced.lines.find((l) => l.id === `${sub.id}:add`);
    const pro = change.proration;
    // The factor by hand from the period's parts: whole months + the partial month's days.
    const factor = new Decimal(pro.whole).plus(pro.first ? new Decimal(pro.first.days).div(pro.first.of) : 0).plus(pro.last ? new Decimal(pro.last.days).div(pro.last.of) : 0);
    const [num, den] = pro.factor.split('/');
    if (!factor.equals(new Decimal(num).div(den ?? 1))) fail(NAME, `the period's parts (${pro.whole} + ${JSON.stringify(pro.first)}) do not make its factor ${pro.factor}`);
    // 30 × the contracted unit price × the factor, rounded once (the waterfall's step before the quote discount), then 30 % off.
    const gross = new Decimal(30).times(sub.netUnitPrice).times(factor).toDecimalPlaces(2);
    const rounded = change.waterfall.find((w) => w.step === 'round')?.amount;
    if (rounded !== gross.toFixed(2)) fail(NAME, `the change before the quote discount is ${rounded}, want 30 × ${sub.netUnitPrice} × ${pro.factor} = ${gross.toFixed(2)}`);
    const off = gross.times('0.7').toDecimalPlaces(2).toFixed(2);
    if (change.netAmount !== off) fail(NAME, `the change after 30 % off is ${change.netAmount}, want ${off}`);
    const text = squash(await pdfText(page));
    const wants = {
      'the period sentence': squash(`服务期 ${eff} 至 ${before.end}，按 ${label} 计`),
      'the existing subscription tag': '【现有订阅，不计费】',
      'the total': grouped(stored.priced.totals.total),
      'the change\'s amount': grouped(change.netAmount),
    };
    for (const [what, want] of Object.entries(wants)) if (!text.includes(want)) fail(NAME, `the amendment's PDF lacks ${what} "${want}"`);
    if (stored.priced.totals.total !== (await page.evaluate(() => document.querySelector('cpq-quote').priced.totals.total))) fail(NAME, 'the page and the service price the amendment differently');

    step.at = 'the seller sending the amendment';
    await confirmMove(page, '发送给客户…', '确认发送');
    await waitForState(page, 'sent');
    step.at = 'the customer accepting the amendment';
    await acceptOnPortal(browser, server, page, amendmentId, fail);
    step.at = 'the seller ordering the amendment';
    await confirmMove(page, '下单…', '确认下单');
    await waitForState(page, 'ordered');
    await expectAccessible(page, NAME, 'the amendment ordered', fail);

    step.at = 'reading the amendment\'s order and the contract';
    const amended = await orderEvent(server, amendmentId, 'cpq-kit.order.amended', contractId, 2, fail);
    if (amended.data.contract.effective !== eff) fail(NAME, `the amendment's order is effective ${amended.data.contract.effective}, want ${eff}`);
    const eventChange = amended.data.lines.find((l) => l.id === `${sub.id}:add`);
    if (eventChange?.period?.factor !== pro.factor || eventChange?.netAmount !== change.netAmount) fail(NAME, `the order's change line is ${JSON.stringify(eventChange?.period)} ${eventChange?.netAmount}, want ${pro.factor} ${change.netAmount}`);
    const after = (await api(server, 'GET', `/contracts/${encodeURIComponent(contractId)}`)).contract;
    const dayBefore = new Date(Date.parse(`${eff}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const pro2 = after.subscriptions.filter((s) => s.sku === 'CRM-PRO').map((s) => [s.qty, s.start, s.end]);
    if (JSON.stringify(pro2) !== JSON.stringify([['120', before.start, dayBefore], ['150', eff, before.end]])) fail(NAME, `after the amendment the contract's CRM-PRO is ${JSON.stringify(pro2)}`);
    if (after.version !== 2) fail(NAME, `the contract is at version ${after.version}, want 2`);

    // --- The renewal: 12 months at +4 %. ---
    step.at = 'renewing at +4 %';
    await card.getByText('第 2 版').waitFor();
    await card.getByLabel('续约期（月）').fill('12');
    await card.getByLabel('涨价（%）').fill('4');
    const renewalId = await startFromCard(page, card, '续约');
    const renewal = await api(server, 'GET', `/quotes/${encodeURIComponent(renewalId)}`);
    if (renewal.quote.kind !== 'renewal') fail(NAME, `the card opened a quote of kind ${renewal.quote.kind}, want renewal`);
    const last = after.subscriptions.filter((s) => s.end === after.end);
    if (last.length === 0 || renewal.quote.lines.length !== last.length) fail(NAME, `the renewal has ${renewal.quote.lines.length} lines for the ${last.length} subscriptions in force at the contract's end`);
    for (const s of last) {
      const line = renewal.quote.lines.find((l) => l.subscriptionId === s.id);
      const priced = renewal.priced.lines.find((l) => l.id === line?.id);
      const price = new Decimal(s.netUnitPrice).times('1.04');
      if (!line || !new Decimal(line.contractedUnitPrice).equals(price)) fail(NAME, `the renewal of ${s.id} is at ${line?.contractedUnitPrice}, want ${s.netUnitPrice} × 1.04 = ${price}`);
      const amount = new Decimal(s.qty).times(price).times(12).toDecimalPlaces(2).toFixed(2);
      if (priced?.netAmount !== amount || priced?.qty !== s.qty) fail(NAME, `the renewal line of ${s.id} is ${priced?.qty} for ${priced?.netAmount}, want ${s.qty} for ${amount}`);
      const shown = squash(await editor.locator(`tr[data-line="${line?.id}"]`).innerText());
      if (!shown.includes(grouped(amount))) fail(NAME, `the line editor's renewal row does not show ${grouped(amount)}`);
    }
    await expectAccessible(page, NAME, 'the renewal', fail);
    const renewalPdf = squash(await pdfText(page));
    const next = renewal.priced.lines.find((l) => l.proration)?.proration;
    if (!next || !renewalPdf.includes(squash(`服务期 ${next.start} 至 ${next.end}，按 ${next.label} 计`)) || !renewalPdf.includes(grouped(renewal.priced.totals.total))) fail(NAME, `the renewal's PDF lacks its period or its total ${renewal.priced.totals.total}`);

    step.at = 'the seller walking the renewal to its order';
    if (renewal.priced.approvals.length > 0) fail(NAME, `the renewal asks for approval: ${renewal.priced.approvals.map((a) => a.level).join(', ')}`);
    // Nothing to approve: the draft is sent as it is.
    await confirmMove(page, '发送给客户…', '确认发送');
    await waitForState(page, 'sent');
    await acceptOnPortal(browser, server, page, renewalId, fail);
    await confirmMove(page, '下单…', '确认下单');
    await waitForState(page, 'ordered');
    await expectAccessible(page, NAME, 'the renewal ordered', fail);
    await orderEvent(server, renewalId, 'cpq-kit.order.renewed', contractId, 3, fail);
    const renewed = (await api(server, 'GET', `/contracts/${encodeURIComponent(contractId)}`)).contract;
    if (renewed.end <= after.end) fail(NAME, `the renewed contract ends ${renewed.end}, not after ${after.end}`);
    console.log(`  contract ${contractId}: amended from ${eff} (+30 seats × ${pro.label}: ${gross.toFixed(2)}, ${change.netAmount} after 30 % off), renewed to ${renewed.end} at +4 % (${last.map((x) => `${x.qty} × ${x.netUnitPrice} → ${new Decimal(x.netUnitPrice).times('1.04')}`).join(', ')} a month)`);
  } catch (error) {
    throw new Error(`${step.at}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  } finally {
    await context.close();
  }
}

// Alone: build, serve, walk.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { buildDemo, launchChromium, startPreview } = await import('./demo-server.mjs');
  const started = performance.now();
  if (!process.env.E2E_SKIP_BUILD) await buildDemo();
  const server = await startPreview();
  const failures = [];
  let browser;
  try {
    browser = await launchChromium();
    const t = performance.now();
    await checkContractWalk(browser, server, (where, message) => failures.push(`${where}: ${message}`)).catch((e) => failures.push(String(e.message ?? e)));
    console.log(`contract walk ${((performance.now() - t) / 1000).toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser?.close();
    await server.close();
  }
  if (failures.length) {
    console.error(`✖ ${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('✔ contract amended (+30 seats, approved, ordered) and renewed (+4 %, ordered)');
}
