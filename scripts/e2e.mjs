#!/usr/bin/env node
// End-to-end check of the built demo under its strict CSP (`npm run test:e2e`, part of `npm test`):
// builds demo-dist/ with `vite build --config vite.demo.config.ts`, serves it with `vite preview`
// (which sends the CSP header) beside the demo's quote service (a fresh seeded SQLite store), and
// opens every page in Debian's Chromium via playwright-core. For each page it asserts: a strict
// CSP header; no CSP violation, console error, page error or failed request; every element
// defined and rendered; the summary shows the quote's total; adding a product through the
// picker, ticking an option in the configurator and typing a quantity in the line editor each
// change the total the summary shows (and, on the CRM page, the opportunity amount; on the React
// and Vue pages, the framework's own state via the event) — or, on a quote that is locked (the
// portal's sent quote), that nothing offers a change. On the portal (self-service) no internal
// figure — cost, margin, floor price — is anywhere in the DOM, shadow roots included, no response
// carries a seller-only field and no catalog is requested. Then the
// quote-to-cash walk of scripts/e2e-flow.mjs, the rep's happy path (scripts/e2e-happy-path.mjs),
// the seeded contract amended (+30 seats, approved, ordered) and renewed (+4 %, ordered) from the
// CRM page's contracts card (scripts/e2e-contract.mjs), and the pages at four window sizes
// (scripts/e2e-layout.mjs). Run with `node --import tsx` (it prices with the kit's own core).
import { buildDemo, launchChromium, PAGES, startPreview, watchPage } from './demo-server.mjs';
import { expectAccessible } from './e2e-axe.mjs';
import { checkContractWalk } from './e2e-contract.mjs';
import { checkCrmFlow } from './e2e-flow.mjs';
import { checkHappyPath } from './e2e-happy-path.mjs';
import { checkLayout } from './e2e-layout.mjs';
import { checkWorkerUnderCsp } from './e2e-worker.mjs';
import { expectNoInternalFigures, watchCustomerTraffic } from './e2e-leaks.mjs';

const TAGS = ['cpq-quote', 'cpq-product-picker', 'cpq-configurator', 'cpq-line-editor', 'cpq-quote-summary'];
const CHILD_TAGS = TAGS.slice(1);
const TIMEOUT = 10_000;


const started = performance.now();
const failures = [];
const fail = (page, message) => failures.push(`${page}: ${message}`);

await buildDemo();
const built = performance.now();
const server = await startPreview();
let browser;
try {
  browser = await launchChromium();
  for (const spec of PAGES) {
    const t = performance.now();
    const before = failures.length;
    try {
      await checkPage(browser, server.url, spec);
    } catch (error) {
      fail(spec.name, error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    const ok = failures.length === before;
    console.log(`${ok ? '✔' : '✖'} ${spec.path.padEnd(12)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const [label, walk] of [['CRM ⇄ portal: quote → order', checkCrmFlow], ['a rep\'s happy path, counted', checkHappyPath], ['contract: amend +30, renew', checkContractWalk], ['layout at 4 window sizes', checkLayout], ['pricing worker under CSP', checkWorkerUnderCsp]]) {
    const t = performance.now();
    const before = failures.length;
    try {
      await walk(browser, server, fail);
    } catch (error) {
      fail(label, error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    console.log(`${failures.length === before ? '✔' : '✖'} ${label.padEnd(28)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  await browser?.close();
  await server.close();
}

const total = (performance.now() - started) / 1000;
console.log(`e2e: build ${((built - started) / 1000).toFixed(1)} s, total ${total.toFixed(1)} s`);
if (failures.length) {
  console.error(`✖ ${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('✔ demo pages: strict CSP kept, elements rendered, adding, configuring and editing change the total shown, no internal figures on the portal; the quote walked from the seller through two approvers and the customer\'s portal to one verified order, the PDF read back; the contract amended and renewed, each order\'s event and PDF checked');

// ---------------------------------------------------------------------------------------------

async function checkPage(browser, base, spec) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await watchPage(page, (message) => fail(spec.name, message));
  const traffic = spec.mode === 'self-service' ? watchCustomerTraffic(page, spec.name, fail) : undefined;

  try {
    const response = await page.goto(new URL(spec.path, base).href, { waitUntil: 'networkidle' });
    const csp = response?.headers()['content-security-policy'];
    if (!csp) fail(spec.name, 'no Content-Security-Policy header');
    else if (/unsafe-inline|unsafe-eval/.test(csp) || !/script-src 'self'/.test(csp)) fail(spec.name, `the CSP is not strict: ${csp}`);

    const undefinedTags = await page.evaluate((tags) => tags.filter((t) => !customElements.get(t)), TAGS);
    if (undefinedTags.length) throw new Error(`not defined: ${undefinedTags.join(', ')}`);
    await waitForQuote(page, spec);
    if ((await page.evaluate(() => document.querySelector('cpq-quote')?.getAttribute('mode'))) !== spec.mode) {
      fail(spec.name, `<cpq-quote> is not in mode "${spec.mode}"`);
    }
    const blank = await page.evaluate(async (tags) => {
      const out = [];
      for (const tag of tags) {
        const el = document.querySelector(tag);
        if (!el) {
          out.push(`${tag} is not on the page`);
          continue;
        }
        await el.updateComplete;
        const root = el.shadowRoot;
        if (!root) out.push(`${tag} has no shadow root`);
        else if (!root.textContent?.trim() && !root.querySelector('input, button, select, table, ul, ol, [role]')) out.push(`${tag} rendered nothing`);
      }
      return out;
    }, CHILD_TAGS);
    for (const b of blank) fail(spec.name, b);

    await expectAccessible(page, spec.name, 'on opening', fail);
    await expectSummaryTotal(page, spec, 'initially');
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec.name, 'initially', fail);
    if (spec.name === 'crm') await checkStageBar(page, spec);
    // The customer's page talks only to the share routes.
    if (traffic && (await traffic.check('on opening the shared quote')) < 2) fail(spec.name, 'the shared quote and its catalog did not arrive as JSON');

    // A locked quote (the portal's sent quote): nothing may offer a change.
    if (await page.evaluate(() => document.querySelector('cpq-quote').cpq?.readonly === true)) {
      const offered = await page.evaluate(() => {
        const enabled = (tag, selector) => [...(document.querySelector(tag)?.shadowRoot?.querySelectorAll(selector) ?? [])].filter((c) => !c.disabled);
        const adds = enabled('cpq-product-picker', 'button').filter((b) => /添加|加入|add/i.test(`${b.getAttribute('aria-label') ?? ''} ${b.textContent}`));
        return [...adds.map(() => 'an "add" button of the picker'), ...enabled('cpq-line-editor', 'input[data-control=qty]').map(() => 'a quantity field')];
      });
      if (offered.length) fail(spec.name, `the quote is locked, yet ${offered[0]} is enabled (${offered.length} controls)`);
      await page.waitForTimeout(100);
      return;
    }

    // Add a product with the picker: the quote grows and the summary shows the new total.
    const state0 = await quoteState(page);
    await addProductViaPicker(page, spec);
    await page
      .waitForFunction(
        ([lines, total]) => {
          const q = document.querySelector('cpq-quote');
          return q.quote.lines.length > lines && q.priced?.totals.total !== total;
        },
        [state0.lines, state0.total],
        { timeout: TIMEOUT },
      )
      .catch(() => {
        throw new Error(`adding a product via the picker did not change the quote total (${state0.total}, ${state0.lines} lines)`);
      });
    const shown = await expectSummaryTotal(page, spec, 'after adding a product');
    if (spec.name === 'crm') await expectText(page, spec, '#opp-amount', shown, 'the opportunity amount');
    if (spec.framework !== 'none') await expectText(page, spec, '#event-status', shown, `the ${spec.framework} state updated from cpq-quote-change`);
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec.name, 'after adding a product', fail);

    // Configure and edit as a user does: each change must reach the summary's total.
    await changesTotal(page, spec, 'ticking an option in the configurator', async () => {
      await page.evaluate(() => {
        const q = document.querySelector('cpq-quote');
        const configurable = q.quote.lines.find((l) => q.catalog.products.find((p) => p.sku === l.sku)?.features?.length);
        if (configurable) q.cpq.api.selectLine(configurable.id);
      });
      await page.locator('cpq-configurator input[type=checkbox][data-k=opt]:not(:checked):not(:disabled)').first().check();
    });
    await changesTotal(page, spec, 'typing a quantity in the line editor', async () => {
      const qty = page.locator('cpq-line-editor input[data-control=qty]').first();
      await qty.fill(String(Number(await qty.inputValue()) + 3));
      await qty.press('Enter');
    });
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec.name, 'after configuring and editing', fail);
    if (traffic) await traffic.check('after configuring and editing');
    // Let late errors and violation reports arrive.
    await page.waitForTimeout(100);
  } finally {
    await context.close();
  }
}

/** Run `act` and wait until the priced total changes and the summary shows the new one. */
async function changesTotal(page, spec, what, act) {
  const before = (await quoteState(page)).total;
  await act();
  await page.waitForFunction((t) => document.querySelector('cpq-quote').priced?.totals.total !== t, before, { timeout: 3000 }).catch(() => {
    throw new Error(`${what} did not change the quote total (${before})`);
  });
  await expectSummaryTotal(page, spec, `after ${what}`);
}

/** Until the page has handed a catalog and a non-empty quote to <cpq-quote> and it has priced it. */
async function waitForQuote(page, spec) {
  await page
    .waitForFunction(() => {
      const q = document.querySelector('cpq-quote');
      return q?.catalog && q.quote?.lines.length > 0 && q.priced !== undefined;
    })
    .catch(() => {
      throw new Error('<cpq-quote> never got a catalog and a priced sample quote');
    });
  const issues = await page.evaluate(() => document.querySelector('cpq-quote').cpq?.catalogErrors?.length ?? 0);
  if (issues) fail(spec.name, `the sample catalog has ${issues} validation error(s) in the element`);
}

async function quoteState(page) {
  return page.evaluate(() => {
    const q = document.querySelector('cpq-quote');
    return { lines: q.quote.lines.length, total: q.priced?.totals.total, currency: q.priced?.currency, locale: q.cpq?.locale ?? q.locale };
  });
}

/**
 * The quote total as the summary must show it: the digits of the priced total, grouped for the
 * element's locale with the currency's minor units, whatever the currency sign looks like.
 */
async function expectSummaryTotal(page, spec, when) {
  const found = await page
    .waitForFunction(() => {
      const q = document.querySelector('cpq-quote');
      const s = document.querySelector('cpq-quote-summary');
      const total = q?.priced?.totals.total;
      if (!s?.shadowRoot || !total) return false;
      const digits = (total.split('.')[1] ?? '').length;
      const want = new Intl.NumberFormat(q.cpq?.locale ?? q.locale ?? 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(total);
      const text = (s.shadowRoot.textContent ?? '').replace(/\s+/g, '');
      return text.includes(want.replace(/\s+/g, '')) ? want : false;
    }, null, { timeout: 3000 })
    .then((h) => h.jsonValue())
    .catch(() => undefined);
  if (!found) {
    const { total } = await quoteState(page);
    throw new Error(`the summary does not show the quote total ${total} (${when})`);
  }
  return found;
}

async function expectText(page, spec, selector, figure, what) {
  const ok = await page
    .waitForFunction(([sel, want]) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, '').includes(want.replace(/\s+/g, '')), [selector, figure], { timeout: 3000 })
    .then(() => true, () => false);
  if (!ok) fail(spec.name, `${what} (${selector}) does not show ${figure}: "${await page.locator(selector).textContent()}"`);
}

/** The stage bar: an ordered list of the deck's seven stages, one marked aria-current="step". */
async function checkStageBar(page, spec) {
  const stages = await page.evaluate(() => ({
    items: [...document.querySelectorAll('.stage-bar ol > li')].map((li) => li.textContent.trim()),
    current: [...document.querySelectorAll('.stage-bar [aria-current="step"]')].map((li) => li.textContent.trim()),
    label: document.querySelector('.stage-bar')?.getAttribute('aria-label'),
  }));
  if (stages.items.length !== 7) fail(spec.name, `the stage bar has ${stages.items.length} stages, want 7`);
  if (stages.current.length !== 1 || !stages.current[0].includes('商务谈判')) fail(spec.name, `current stage: ${JSON.stringify(stages.current)}, want 商务谈判`);
  if (!stages.label) fail(spec.name, 'the stage bar has no accessible name');
}

/**
 * Click the picker's first enabled "add" button (found by its accessible name, through the
 * shadow roots, as a user finds it). A picker whose products must be chosen first (a listbox or
 * a select) is driven that way before the add button.
 */
async function addProductViaPicker(page, spec) {
  const picker = page.locator('cpq-product-picker');
  const addName = /添加|加入|add/i;
  let buttons = picker.getByRole('button', { name: addName });
  if ((await buttons.count()) === 0) {
    const choice = picker.getByRole('option').first();
    if ((await choice.count()) > 0) await choice.click();
    buttons = picker.getByRole('button', { name: addName });
  }
  const count = await buttons.count();
  for (let i = 0; i < count; i++) {
    const b = buttons.nth(i);
    if ((await b.isVisible()) && (await b.isEnabled())) {
      await b.click();
      return;
    }
  }
  const names = await picker.getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent.trim()));
  throw new Error(`the picker has no enabled "add" button (buttons: ${JSON.stringify(names.slice(0, 8))})`);
}

