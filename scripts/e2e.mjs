#!/usr/bin/env node
// End-to-end check of the built demo under its strict CSP (`npm run test:e2e`, part of `npm test`):
// builds demo-dist/ with `vite build --config vite.demo.config.ts`, serves it with `vite preview`
// (which sends the CSP header) and opens every page in Debian's Chromium via playwright-core.
// For each page it asserts: a strict CSP header; no CSP violation, console error, page error or
// failed request; every element defined and rendered; the summary shows the quote's total; adding
// a product through the picker, ticking an option in the configurator and typing a quantity in
// the line editor each change the total the summary shows (and, on the CRM page, the
// opportunity amount; on the React and Vue pages, the framework's own state via the event). On
// the portal (self-service) no internal figure — cost, margin, floor price — is anywhere in the
// DOM, shadow roots included. Run with `node --import tsx` (it prices with the kit's own core).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { priceQuote } from '../src/pricing/index.ts';
import { buildDemo, demoCatalogs, launchChromium, PAGES, startPreview } from './demo-server.mjs';
import { checkCrmFlow, checkPortalDelivery } from './e2e-flow.mjs';

const TAGS = ['cpq-quote', 'cpq-product-picker', 'cpq-configurator', 'cpq-line-editor', 'cpq-quote-summary'];
const CHILD_TAGS = TAGS.slice(1);
const TIMEOUT = 10_000;
const catalogs = demoCatalogs();

// axe-core comes with @open-wc/testing (chai-a11y-axe); evaluated through DevTools, so the CSP
// does not stop it.
let axeSource;
try {
  axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  console.warn('⚠ axe-core not found: the accessibility check of the host pages is skipped');
}

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
  for (const [label, walk] of [['CRM: approve → PDF → order', checkCrmFlow], ['portal: offline, reload', checkPortalDelivery]]) {
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
console.log('✔ demo pages: strict CSP kept, elements rendered, adding, configuring and editing change the total shown, no internal figures on the portal; the quote walked to a verified order, the PDF read back, an offline order delivered once after a reload');

// ---------------------------------------------------------------------------------------------

async function checkPage(browser, base, spec) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // Init scripts run through the DevTools protocol: the page's CSP does not apply to them.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) fail(spec.name, `console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => fail(spec.name, `page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) fail(spec.name, `HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => fail(spec.name, `request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

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

    await checkAccessibility(page, spec);
    await expectSummaryTotal(page, spec, 'initially');
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec, 'initially');
    if (spec.name === 'crm') await checkStageBar(page, spec);

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
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec, 'after adding a product');

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
    if (spec.mode === 'self-service') await expectNoInternalFigures(page, spec, 'after configuring and editing');
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

/**
 * Self-service: none of the seller's figures in the DOM. The quote on screen is re-priced here
 * with the full catalog; every cost, margin and floor price that is not also a figure the
 * customer may see (a price, an amount) must be absent from the text of the page and of every
 * shadow root (attributes and input values included), and so must the words for them.
 */
async function expectNoInternalFigures(page, spec, when) {
  const { quote, locale, catalogId, visible } = await page.evaluate(() => {
    const q = document.querySelector('cpq-quote');
    return {
      quote: q.quote,
      locale: q.cpq?.locale ?? q.locale,
      catalogId: q.catalog?.id,
      visible: JSON.stringify([q.priced, q.cpq?.catalog, q.cpq?.configs]),
    };
  });
  const catalog = catalogs[catalogId];
  if (!catalog) throw new Error(`unknown catalog ${catalogId}`);
  if (/"(cost|margin|marginPercent|floorPrice)"/.test(visible)) fail(spec.name, `the element state has internal fields (${when})`);
  const full = priceQuote(catalog, quote, { locale });
  const visibleNumbers = new Set(visible.match(/\d+(\.\d+)?/g) ?? []);
  const internal = [];
  const add = (value, kind) => {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value) || visibleNumbers.has(value)) return;
    // Small and round figures (whole hundreds) collide with prices a customer may see, such as an
    // option's price preview; a cost total of 3,600.00 next to a 3,600.00 storage option is no leak.
    if (Math.abs(Number(value)) < 10 || (kind !== 'percent' && /^-?\d*00(\.0+)?$/.test(value))) return;
    internal.push({ value, kind });
  };
  for (const x of [full.totals, ...full.lines]) {
    add(x.cost, 'cost');
    add(x.margin, 'money');
    add(x.marginPercent, 'percent');
  }
  for (const p of catalog.products) add(p.floorPrice, 'money');

  const text = await page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) out.push(node.data);
        else if (node.nodeType === Node.ELEMENT_NODE) {
          if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) continue;
          for (const a of ['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'value']) if (node.hasAttribute(a)) out.push(node.getAttribute(a));
          if ('value' in node && typeof node.value === 'string') out.push(node.value);
          if (node.shadowRoot) walk(node.shadowRoot);
          walk(node);
        }
      }
    };
    walk(document.body);
    return out.join(' ');
  });
  const flat = text.replace(/[\s\u00a0\u202f]+/g, ' ');
  const nf = (value, digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  for (const { value, kind } of internal) {
    const digits = (value.split('.')[1] ?? '').length;
    const forms = kind === 'percent' ? [`${nf(value, digits)}%`, `${nf(value, Math.max(0, digits - 1))}%`, `${value}%`] : [nf(value, digits), value];
    for (const form of forms) {
      const re = new RegExp(`(?<![\\d.,])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d])`);
      if (re.test(flat)) {
        fail(spec.name, `an internal ${kind} figure ${form} is in the DOM (${when})`);
        break;
      }
    }
  }
  // Words, outside the catalog's own product texts (a description may say "resold at cost").
  let words = flat;
  for (const p of catalog.products) {
    for (const field of [p.description, p.name]) {
      for (const s of typeof field === 'string' ? [field] : Object.values(field ?? {})) words = words.split(s).join(' ');
    }
  }
  const word = words.match(/成本|毛利|底价|最低价|\bcosts?\b|\bmargins?\b|floor price/i);
  if (word) fail(spec.name, `"${word[0]}" appears in the portal DOM (${when}): …${words.slice(Math.max(0, word.index - 60), word.index + 60)}…`);
}

/**
 * axe-core (WCAG 2.0–2.2 A/AA rules) over the whole page. The host page's own markup must pass;
 * findings inside the elements' shadow roots are printed (each element's own tests fail on them).
 */
async function checkAccessibility(page, spec) {
  if (!axeSource) return;
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
  });
  for (const v of violations) {
    const host = v.targets.filter((t) => t.length === 1);
    const inside = v.targets.filter((t) => t.length > 1);
    if (host.length) fail(spec.name, `accessibility: ${v.id} (${v.help}) at ${host.slice(0, 3).map((t) => t[0]).join(', ')}`);
    if (inside.length) console.warn(`  ⚠ ${spec.name}: accessibility inside ${inside[0][0]}: ${v.id} (${v.help}), ${inside.length} node(s)`);
  }
}
