#!/usr/bin/env node
// The demo pages at the sizes people use them (issue 14): 1440×900 and 1280×720 laptops, a
// 768×1024 tablet and a 390×844 phone, in Chromium (playwright-core) under the strict CSP, against
// the demo's quote service. On the CRM page (zh-CN and en), the portal (en and zh-CN) and the React
// and Vue hosts, at every size:
//   - no control of a quote line (input, select, button) is clipped or scrolled out of its card:
//     each lies inside the card, inside the line editor's scroller and in the viewport once
//     scrolled to, and the line table does not scroll sideways;
//   - the product name of every line (and option line) is visible: the element at the middle of
//     the name, once scrolled to, is the name (through the shadow roots);
//   - on the portal, nothing covers the actions: at every scroll position of the page, the element
//     at the middle of each button of <cpq-quote-actions> in the viewport is that button — before
//     and after the customer accepts (then "Place order" too);
//   - no word is split across lines (each Latin word of every visible text node, shadow roots
//     included, sits on one line), which is what "C R M St an da rd" broke;
//   - axe-core (WCAG 2.0–2.2 A/AA) finds nothing, shadow roots included.
// `node --import tsx scripts/e2e-layout.mjs` builds and serves the demo itself; scripts/e2e.mjs
// calls checkLayout() with its own server.
import { fileURLToPath } from 'node:url';
import { expectAccessible } from './e2e-axe.mjs';

export const SIZES = [
  [1440, 900],
  [1280, 720],
  [768, 1024],
  [390, 844],
];

const PAGES = [
  { name: 'crm zh-CN', path: 'index.html?lang=zh-CN', card: 'section.card' },
  { name: 'crm en', path: 'index.html?lang=en', card: 'section.card' },
  { name: 'portal en', path: 'portal.html?lang=en', card: 'section.card', portal: true },
  { name: 'portal zh-CN', path: 'portal.html?lang=zh-CN', card: 'section.card', portal: true },
  { name: 'react', path: 'react.html?lang=en', card: 'section' },
  { name: 'vue', path: 'vue.html?lang=zh-CN', card: 'section' },
];

const TIMEOUT = 10_000;

/** Check every page at every size; `fail(where, message)` collects the problems. */
export async function checkLayout(browser, server, fail) {
  for (const spec of PAGES) {
    for (const [width, height] of SIZES) await checkPage(browser, server.url, spec, width, height, fail);
  }
  // The portal once the customer has accepted: "Place order" joins the actions.
  const accepted = PAGES.find((p) => p.portal);
  await acceptOnPortal(browser, server.url);
  for (const [width, height] of SIZES) await checkPage(browser, server.url, { ...accepted, name: `${accepted.name}, accepted` }, width, height, fail);
}

async function open(browser, base, spec, width, height, fail) {
  const where = `${spec.name} ${width}×${height}`;
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => fail(where, `page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && fail(where, `console error: ${m.text()}`));
  await page.goto(new URL(spec.path, base).href, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => {
    const q = document.querySelector('cpq-quote');
    return q?.priced !== undefined && q.quote?.lines.length > 0;
  });
  await page.evaluate(async () => {
    for (const el of document.querySelectorAll('cpq-quote, cpq-quote *')) await el.updateComplete;
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  return { page, context, where };
}

async function checkPage(browser, base, spec, width, height, fail) {
  const { page, context, where } = await open(browser, base, spec, width, height, fail);
  try {
    for (const problem of await page.evaluate(linesProblems, spec.card)) fail(where, problem);
    for (const problem of await page.evaluate(namesProblems)) fail(where, problem);
    if (spec.portal) for (const problem of await page.evaluate(coveredActions)) fail(where, problem);
    for (const problem of await page.evaluate(splitWords)) fail(where, problem);
    await expectAccessible(page, where, '', fail);
  } finally {
    await context.close();
  }
}

async function acceptOnPortal(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(new URL('portal.html?lang=en', base).href, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.querySelector('cpq-quote')?.priced !== undefined);
    const actions = page.locator('cpq-quote-actions');
    await actions.getByLabel(/name/i).first().fill('Chen Jing');
    await actions.getByRole('button', { name: 'Accept this quote', exact: true }).click();
    await page.waitForFunction(() => {
      const q = document.querySelector('cpq-quote');
      return (q.cpq?.lifecycle?.state ?? q.quote.lifecycle?.state) === 'accepted';
    });
  } finally {
    await context.close();
  }
}

// ---- In the page (each function is serialized into it: no closures over this module) ----

/** Controls of quote lines outside their card, the scroller or (once scrolled to) the viewport; a table scrolled sideways. */
function linesProblems(cardSelector) {
  const out = [];
  for (const editor of document.querySelectorAll('cpq-line-editor')) {
    const root = editor.shadowRoot;
    const card = editor.closest(cardSelector) ?? editor;
    const scroller = root.querySelector('[part~=scroller]') ?? root.querySelector('table')?.parentElement;
    if (!scroller) {
      out.push('the line editor shows no table');
      continue;
    }
    if (scroller.scrollWidth > scroller.clientWidth + 1) out.push(`the line table scrolls sideways (${scroller.scrollWidth} px in ${scroller.clientWidth} px)`);
    const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    for (const row of root.querySelectorAll('tr.line, tr.child')) {
      for (const control of row.querySelectorAll('input, select, button')) {
        control.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const r = control.getBoundingClientRect();
        const label = control.getAttribute('aria-label') ?? control.textContent.trim();
        if (r.width === 0 || r.height === 0) out.push(`"${label}" has no size`);
        else if (!inside(r, card.getBoundingClientRect())) out.push(`"${label}" is outside its card (${Math.round(r.left)}–${Math.round(r.right)} px, card ${Math.round(card.getBoundingClientRect().left)}–${Math.round(card.getBoundingClientRect().right)} px)`);
        else if (!inside(r, scroller.getBoundingClientRect())) out.push(`"${label}" is clipped by the line editor's scroller`);
        else if (!inside(r, { left: 0, top: 0, right: innerWidth, bottom: innerHeight })) out.push(`"${label}" cannot be scrolled into the viewport`);
      }
    }
  }
  return out;
}

/** Lines whose product name is not what one sees at its middle once it is scrolled to. */
function namesProblems() {
  const out = [];
  const point = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el?.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };
  for (const editor of document.querySelectorAll('cpq-line-editor')) {
    const scroller = editor.shadowRoot.querySelector('[part~=scroller]') ?? editor.shadowRoot.querySelector('table')?.parentElement;
    for (const row of editor.shadowRoot.querySelectorAll('tr.line, tr.child')) {
      const name = row.querySelector('.name');
      if (!name) {
        out.push(`line ${row.dataset.line} shows no product name`);
        continue;
      }
      name.scrollIntoView({ block: 'center', inline: 'nearest' });
      // As after Tab reached the last control of a row: the table scrolled to its far end, if it scrolls.
      if (scroller) scroller.scrollLeft = scroller.scrollWidth;
      const r = name.getBoundingClientRect();
      const hit = point(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
      if (r.width < 8 || !hit || !(hit === name || name.contains(hit))) {
        out.push(`the product name of line ${row.dataset.line} ("${name.textContent.trim()}") is not visible (${Math.round(r.width)} px wide; at its middle: ${hit?.tagName.toLowerCase() ?? 'nothing'}${hit?.className ? `.${hit.className}` : ''})`);
      }
    }
  }
  return out;
}

/** Buttons of <cpq-quote-actions> covered by something at some scroll position of the page. */
function coveredActions() {
  const point = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el?.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };
  const actions = document.querySelector('cpq-quote-actions');
  const buttons = [...(actions?.shadowRoot?.querySelectorAll('button') ?? [])].filter((b) => b.getClientRects().length > 0);
  if (buttons.length === 0) return ['<cpq-quote-actions> shows no button'];
  const out = new Set();
  const check = (at) => {
    for (const b of buttons) {
      const r = b.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      // A centre within a pixel of the window's edge (a button half scrolled out, 899.875 of 900 px) is
      // out of view: elementFromPoint hit-tests whole pixels and answers null there.
      if (y < 0 || y > innerHeight - 1 || x < 0 || x > innerWidth - 1) continue;
      const hit = point(x, y);
      if (!hit || !(hit === b || b.contains(hit))) out.add(`"${b.textContent.trim()}" is covered by ${hit?.tagName.toLowerCase() ?? 'nothing'}${hit?.className ? `.${String(hit.className).split(' ')[0]}` : ''} ${at}`);
    }
  };
  for (const b of buttons) {
    b.scrollIntoView({ block: 'center' });
    check(`(scrolled to "${b.textContent.trim()}")`);
  }
  const end = document.documentElement.scrollHeight - innerHeight;
  for (let y = 0; y <= end + innerHeight / 2; y += Math.round(innerHeight / 3)) {
    scrollTo(0, Math.min(y, end));
    check(`with the page scrolled to ${Math.min(y, end)} px`);
  }
  scrollTo(0, 0);
  if (buttons.every((b) => b.getClientRects().length === 0)) out.add('no action button is visible');
  return [...out];
}

/** Latin words broken across lines, in every visible text node (shadow roots included). */
function splitWords() {
  const out = [];
  const texts = [];
  const walk = (root) => {
    const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = it.currentNode; n; n = it.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) texts.push(n);
      else if (n.shadowRoot) walk(n.shadowRoot);
    }
  };
  walk(document.body);
  for (const node of texts) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'OPTION', 'TITLE'].includes(el.tagName) || el.closest('.sr-only, [hidden], details:not([open]) > :not(summary)')) continue;
    for (const m of node.data.matchAll(/[A-Za-z0-9][A-Za-z0-9'’.,]*[A-Za-z0-9]/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 3)));
      if (tops.size > 1) out.push(`"${m[0]}" is split across ${tops.size} lines (in <${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}>)`);
    }
  }
  return [...new Set(out)].slice(0, 10);
}

// ---- Standalone ----

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runAlone } = await import('./demo-server.mjs');
  await runAlone(checkLayout, `layout: ${PAGES.length} pages (and the accepted portal) at ${SIZES.map(([w, h]) => `${w}×${h}`).join(', ')}: no line control clipped, every product name visible, the portal's actions uncovered, no word split, axe clean`);
}
