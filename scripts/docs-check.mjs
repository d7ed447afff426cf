#!/usr/bin/env node
// The docs site under the demo's strict CSP (issue 17, item 6), in Debian's Chromium through
// playwright-core: `node --import tsx scripts/docs-check.mjs` builds docs-dist/ (scripts/docs.mjs;
// `--no-build` uses the one there), serves it from a small static server that sends the same
// Content-Security-Policy header as the demo (vite.demo.config.ts: `script-src 'self'; style-src
// 'self'`, no 'unsafe-inline', no 'unsafe-eval'), and opens EVERY page. Each page fails on a CSP
// violation, a console error, a page error, a failed request or an HTTP error, on anything inline
// in the HTML the server sent (scripts/docs-csp.mjs), and when the app did not hydrate (the moved
// inline scripts carry the data it needs). Then, on the pages that show them:
//   - every element page's live example defines its element, renders it and prices the sample
//     quote (a total above zero); on <cpq-quote>'s page, editing the quote's JSON (quantity 120 →
//     12) and Apply lowers the total and logs cpq-quote-change; switching to zh-CN relabels it;
//   - code blocks are highlighted (by classes: each token has its colour);
//   - the dark-mode snippet (moved to a file) still runs before paint: with a dark colour scheme
//     the page opens with <html class="dark">;
//   - client-side navigation (a sidebar link) renders the next page without any error;
//   - the local search finds the pricing page's worked example.
// `--screenshots` also writes docs/docs-home.png and docs/docs-element.png (the README's);
// `--serve` only serves docs-dist/ under the CSP (`npm run docs:preview`).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../vite.demo.config.ts';
import { launchChromium, watchPage } from './demo-server.mjs';
import { htmlFiles, inlineProblems } from './docs-csp.mjs';
import { buildDocs, DOCS_DIST } from './docs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT = 15_000;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png', '.ttf': 'font/ttf' };

/** docs-dist/ over HTTP with the CSP header on every response (as a host serving it must). */
export function serveDocs(dir = DOCS_DIST) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) file = join(dir, '404.html');
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    const found = existsSync(file) && statSync(file).isFile();
    res.writeHead(found ? 200 : 404, { 'Content-Type': TYPES[extname(found ? file : '.html')] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
    createReadStream(found ? file : join(dir, '404.html')).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) })));
}

async function openPage(browser, url, where, fail, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await watchPage(page, (message) => fail(where, message));
  const response = await page.goto(url, { waitUntil: 'load' });
  const csp = response?.headers()['content-security-policy'];
  if (!csp || /unsafe-inline|unsafe-eval/.test(csp) || !/script-src 'self'/.test(csp) || !/style-src 'self'/.test(csp)) fail(where, `not served under the strict CSP: ${csp}`);
  for (const problem of inlineProblems((await response?.text()) ?? '')) fail(where, problem);
  // Hydrated: Vue mounted the app, which needs the site data the moved script defines.
  await page.waitForFunction(() => Boolean(document.querySelector('#app')?.__vue_app__) && Boolean(window.__VP_SITE_DATA__));
  return { page, context };
}

/** The live example of `tag`: defined, rendered, priced. Returns the total it shows. */
async function checkLiveExample(page, tag, where, fail) {
  await page.waitForSelector(`.live-example[data-ready="true"][data-tag="${tag}"]`);
  const state = await page.evaluate(async (tag) => {
    const q = document.querySelector('.live-example cpq-quote');
    const el = tag === 'cpq-quote' ? q : q?.querySelector(tag);
    await el?.updateComplete;
    return {
      defined: Boolean(customElements.get(tag)),
      // <cpq-quote> renders its children through its slot; the others render their own controls.
      rendered: Boolean(el?.shadowRoot && (el.shadowRoot.textContent?.trim() || el.shadowRoot.querySelector('input, button, select, table, slot'))),
      total: q?.priced?.totals?.total ?? null,
    };
  }, tag);
  if (!state.defined) fail(where, `${tag} is not defined`);
  if (!state.rendered) fail(where, `${tag} rendered nothing in its live example`);
  if (!(Number(state.total) > 0)) fail(where, `the live example's quote is not priced (total ${state.total})`);
  return state.total;
}

/** <cpq-quote>'s example is editable: fewer seats in the JSON → a lower total, an event logged. */
async function checkEditing(page, where, fail, before) {
  await page.locator('.live-source summary').click();
  const area = page.locator('.live-source textarea');
  const json = JSON.parse(await area.inputValue());
  if (json.lines?.[0]?.qty !== '120') return fail(where, `the sample quote's first line is not 120 seats: ${json.lines?.[0]?.qty}`);
  json.lines[0].qty = '12';
  await area.fill(JSON.stringify(json, null, 2));
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((before) => document.querySelector('.live-example cpq-quote')?.priced?.totals?.total !== before, before);
  const after = await page.evaluate(() => document.querySelector('.live-example cpq-quote').priced.totals.total);
  if (!(Number(after) < Number(before))) fail(where, `12 seats do not cost less than 120: ${after} vs ${before}`);
  // The quote the host sets is not a user's change; typing a quantity is, and is logged.
  const qty = page.locator('.live-example cpq-line-editor input[data-control=qty]').first();
  await qty.fill('10');
  await qty.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.live-events li')].some((li) => li.textContent.startsWith('cpq-quote-change')));
  const ten = await page.evaluate(() => document.querySelector('.live-example cpq-quote').priced.totals.total);
  if (!(Number(ten) < Number(after))) fail(where, `10 seats typed in the line editor do not cost less than 12: ${ten} vs ${after}`);
  await page.locator('.live-controls select').first().selectOption('zh-CN');
  await page.waitForFunction(() => document.querySelector('.live-example cpq-quote')?.getAttribute('locale') === 'zh-CN');
  const zh = await page.evaluate(async () => {
    const s = document.querySelector('.live-example cpq-quote-summary');
    await s?.updateComplete;
    return /[\u4e00-\u9fff]/.test(s?.shadowRoot?.textContent ?? '');
  });
  if (!zh) fail(where, 'switching the example to zh-CN did not relabel the summary');
  return after;
}

async function main() {
  const args = new Set(process.argv.slice(2)); // --no-build, --screenshots, --only=<part of a path>
  const started = performance.now();
  if (!args.has('--no-build')) await buildDocs();
  const built = performance.now();
  if (!existsSync(join(DOCS_DIST, 'index.html'))) throw new Error('docs-dist/ is missing: run npm run docs');
  const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const pages = htmlFiles(DOCS_DIST)
    .filter((f) => !f.endsWith('404.html'))
    .map((f) => relative(DOCS_DIST, f).split('\\').join('/'))
    .filter((p) => !only || p.includes(only));
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName);
  const failures = [];
  const fail = (where, message) => failures.push(`${where}: ${message}`);
  const server = await serveDocs();
  const browser = await launchChromium();
  const counts = { pages: 0, examples: 0 };
  try {
    // Every page, three at a time.
    const queue = [...pages];
    const worker = async () => {
      for (let path; (path = queue.shift()); ) {
        const tag = /^elements\/(cpq-[\w-]+)\.html$/.exec(path)?.[1];
        let opened;
        try {
          opened = await openPage(browser, server.url + path, path, fail);
          counts.pages++;
          // No element outside the examples (the theme renders sidebar texts as HTML: a bare
          // <cpq-quote> there was a live element).
          const stray = await opened.page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('cpq-') && !e.closest('.live-example')).map((e) => e.localName));
          if (stray.length) fail(path, `elements outside any live example: ${stray.join(', ')}`);
          if (tag) {
            await checkLiveExample(opened.page, tag, path, fail);
            counts.examples++;
          }
        } catch (error) {
          fail(path, error instanceof Error ? error.message.split('\n')[0] : String(error));
        } finally {
          await opened?.context.close();
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    for (const tag of only ? [] : tags) if (!pages.includes(`elements/${tag}.html`)) fail('elements', `no page for <${tag}>`);

    // The editable example, the highlighting, dark mode before paint, client-side navigation.
    const where = 'elements/cpq-quote.html';
    const { page, context } = await openPage(browser, server.url + where, where, fail);
    try {
      const total = await checkLiveExample(page, 'cpq-quote', where, fail);
      await checkEditing(page, where, fail, total);
      if (args.has('--screenshots')) {
        await page.locator('.live-controls select').first().selectOption('en');
        await page.evaluate(() => document.querySelector('#live-example')?.scrollIntoView({ block: 'start' }));
        await page.evaluate(() => window.scrollBy(0, -80));
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(root, 'docs/docs-element.png') });
      }
    } finally {
      await context.close();
    }
    const home = await openPage(browser, server.url, 'index.html (dark)', fail, { colorScheme: 'dark' });
    try {
      if (!(await home.page.evaluate(() => document.documentElement.classList.contains('dark')))) fail('index.html', 'the moved dark-mode script did not run');
      await home.page.getByRole('link', { name: 'Getting started' }).first().click();
      await home.page.waitForURL(/guide\/getting-started/);
      await home.page.waitForSelector('.vp-doc h1');
      const colours = await home.page.evaluate(() => {
        const spans = [...document.querySelectorAll('.vp-code span span')];
        return { count: spans.length, coloured: new Set(spans.map((s) => getComputedStyle(s).color)).size };
      });
      if (colours.count === 0 || colours.coloured < 3) fail('guide/getting-started.html', `code not highlighted after client-side navigation (${colours.count} tokens, ${colours.coloured} colours)`);
      // The local search (its index is a chunk of the build) finds the worked example.
      await home.page.getByRole('button', { name: /search/i }).first().click();
      await home.page.locator('.VPLocalSearchBox input').fill('worked example');
      await home.page.waitForSelector('.VPLocalSearchBox .result');
      const hits = await home.page.locator('.VPLocalSearchBox .result').allTextContents();
      if (!hits.some((t) => /worked example/i.test(t))) fail('search', `"worked example" not found: ${hits.slice(0, 3).join(' | ')}`);
      await home.page.keyboard.press('Escape');
      if (args.has('--screenshots')) {
        await home.page.emulateMedia({ colorScheme: 'light' });
        await home.page.evaluate(() => localStorage.setItem('vitepress-theme-appearance', 'light'));
        await home.page.goto(server.url, { waitUntil: 'networkidle' });
        await home.page.screenshot({ path: join(root, 'docs/docs-home.png') });
      }
    } finally {
      await home.context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`docs: build ${s(built - started)}, check ${s(performance.now() - built)}: ${counts.pages}/${pages.length} pages opened under the CSP, ${counts.examples} live examples priced`);
  if (failures.length) {
    // The same problem on many pages is one line, with the number of pages and the first one.
    const byMessage = new Map();
    for (const f of failures) {
      const [where, ...rest] = f.split(': ');
      const message = rest.join(': ').replace(/127\.0\.0\.1:\d+/g, 'host');
      const seen = byMessage.get(message) ?? byMessage.set(message, { first: where, pages: new Set() }).get(message);
      seen.pages.add(where);
    }
    console.error(`✖ ${failures.length} problem(s):\n  ${[...byMessage].map(([m, { first, pages }]) => `${first}${pages.size > 1 ? ` (and ${pages.size - 1} more pages)` : ''}: ${m}`).join('\n  ')}`);
    process.exit(1);
  }
  console.log('✔ docs site: every page under the strict CSP with no violation, console error or failed request; nothing inline; every element\'s live example prices the sample quote; editing its JSON reprices');
}

/** `--serve`: docs-dist/ with the CSP header until stopped (`npm run docs:preview`). */
async function serveOnly() {
  if (!existsSync(join(DOCS_DIST, 'index.html'))) throw new Error('docs-dist/ is missing: run npm run docs');
  const { url } = await serveDocs();
  console.log(`docs-dist/ at ${url} under the CSP ${CSP}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await (process.argv.includes('--serve') ? serveOnly() : main());
