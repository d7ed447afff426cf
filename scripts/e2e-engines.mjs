#!/usr/bin/env node
// The browser support matrix, tested in the engines Debian ships (`npm run test:engines`, part of
// `npm run test:e2e`; docs-site/guide/stability.md): Chromium (DevTools protocol) and Firefox ESR
// (`firefox-esr`, WebDriver BiDi), both through puppeteer-core, and WebKit — Safari's engine — as
// WebKitGTK's MiniBrowser driven by WebKitWebDriver (`webkit2gtk-driver`; classic WebDriver over
// HTTP with fetch, no client library: it refuses BiDi's `webSocketUrl`), in a private Xvfb display
// (`xvfb`: MiniBrowser has no headless mode). Nothing is downloaded: the browsers are Debian's.
//
// It builds the demo and serves it under its strict CSP (scripts/demo-server.mjs) behind a small
// loopback proxy that adds one same-origin script, the probe, first in each page's <head> (allowed
// by `script-src 'self'`; the CSP header is passed on unchanged and checked). The probe records
// uncaught errors, unhandled rejections, console.error and CSP violations in every engine alike
// (classic WebDriver has no console), and can take a browser back to before custom states:
//   native      the engine as it is (custom states, `:state()`)
//   no-states   Safari < 17.4, Firefox < 126: no `ElementInternals.states`, `:state()` a syntax error
//   old-states  Chrome 90–124: `states` throws on a plain name, `:state()` a syntax error
// (the probe's copy of the engine's own `matches` still reads the states the element set).
// In each engine and each of those, on the CRM page: no error; the summary shows the total the
// kit prices in Node for the page's own quote and catalog (read out of the page, priced here with
// cpq-kit/pricing: no figure is written in this script); ticking an option in the configurator and
// typing a quantity in the line editor (real clicks and keys through the driver) each change it,
// and it still equals Node's; the custom states match (native) or none does and nothing broke
// (guards). On the customer portal: the shared quote opens read-only, the summary shows its total,
// `:state(self-service)`/`:state(readonly)` match natively, and the page's own `:state()` test is
// guarded. The proxy fails a page on any answer of 400 and more.
//
//   node --import tsx scripts/e2e-engines.mjs            every engine (each is skipped, with the
//                                                        reason, when its program is missing)
//   node --import tsx scripts/e2e-engines.mjs webkit     one engine
//   CPQ_ENGINES_REQUIRED=1                               a missing engine is a failure, not a skip
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { priceQuote } from '../src/pricing/index.ts';
import { buildDemo, CHROMIUM, shownAs, startPreview } from './demo-server.mjs';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
/** WebKitGTK's MiniBrowser: Debian ships it in libwebkit2gtk-4.1-0 (a dependency of webkit2gtk-driver), under the arch's lib folder. */
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? miniBrowser();
function miniBrowser() {
  const lib = '/usr/lib';
  const arches = existsSync(lib) ? readdirSync(lib).filter((d) => /-linux-gnu/.test(d)) : [];
  return arches.map((a) => join(lib, a, 'webkit2gtk-4.1', 'MiniBrowser')).find((f) => existsSync(f)) ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}
export const XVFB = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';
export const GUARDS = ['native', 'no-states', 'old-states'];
const STATES = ['invalid', 'needs-approval', 'self-service', 'readonly', 'updating'];
const TIMEOUT = 15_000;
const PROBE_PATH = '/__cpq-engine-probe.js';

/** The engines, with what each needs installed (program → Debian package). */
export const ENGINES = {
  chromium: { label: 'Chromium', needs: [[CHROMIUM, 'chromium']], start: startChromium },
  firefox: { label: 'Firefox ESR', needs: [[FIREFOX, 'firefox-esr']], start: startFirefox },
  webkit: { label: 'WebKitGTK', needs: [[WEBKIT_DRIVER, 'webkit2gtk-driver'], [MINIBROWSER, 'webkit2gtk-driver'], [XVFB, 'xvfb']], start: startWebKit },
};

/** Why an engine cannot run here (a missing program and its package), or undefined. */
export function missingFor(name) {
  const lost = ENGINES[name].needs.filter(([file]) => {
    try {
      accessSync(file, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  return lost.length ? `${lost.map(([f]) => f).join(', ')} missing: apt-get install -y ${[...new Set(lost.map(([, p]) => p))].join(' ')}` : undefined;
}

// --- the probe ----------------------------------------------------------------------------------

/** Runs first in every page (a classic script: before the page's module scripts). */
const PROBE = `(() => {
  const src = document.currentScript && document.currentScript.src;
  const guard = (src && new URL(src).searchParams.get('guard')) || 'native';
  const probe = (window.__cpqProbe = { guard, errors: [], matches: Element.prototype.matches });
  const note = (m) => { if (probe.errors.length < 50) probe.errors.push(String(m).slice(0, 400)); };
  addEventListener('error', (e) => note('uncaught: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')'));
  addEventListener('unhandledrejection', (e) => note('unhandled rejection: ' + ((e.reason && e.reason.message) || e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => note('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
  const error = console.error;
  console.error = function (...args) { note('console.error: ' + args.map((a) => (a && a.stack) || String(a)).join(' ')); return error.apply(this, args); };
  if (guard === 'native') return;
  // Before custom states, ':state(' was not a selector: matches(), closest() and querySelector() threw.
  const refuse = (selector) => {
    if (/:state\\(/.test(String(selector))) throw new DOMException("'" + selector + "' is not a valid selector", 'SyntaxError');
  };
  for (const [proto, names] of [[Element.prototype, ['matches', 'closest', 'querySelector', 'querySelectorAll']], [Document.prototype, ['querySelector', 'querySelectorAll']], [DocumentFragment.prototype, ['querySelector', 'querySelectorAll']]]) {
    for (const name of names) {
      const original = proto[name];
      proto[name] = function (selector) { refuse(selector); return original.apply(this, arguments); };
    }
  }
  const supports = CSS.supports;
  CSS.supports = function (a) { return arguments.length === 1 && /:state\\(/.test(String(a)) ? false : supports.apply(this, arguments); };
  if (guard === 'no-states') {
    delete ElementInternals.prototype.states;
  } else if (guard === 'old-states') {
    const set = (n) => { if (!String(n).startsWith('--')) throw new DOMException("Failed to execute 'add' on 'CustomStateSet': '" + n + "' is not a valid custom state name", 'SyntaxError'); };
    Object.defineProperty(ElementInternals.prototype, 'states', { configurable: true, get() { return { add: set, delete: set, has: () => false }; } });
  }
})();
`;

/**
 * A loopback proxy in front of `vite preview`: HTML pages get the probe first in <head> (its
 * guard from the page URL's `cpq-guard` parameter); everything else passes through unchanged.
 * `problems` collects the answers of 400 and more and the requests that failed.
 */
async function startProbeProxy(target) {
  const upstream = new URL(target);
  const problems = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith(PROBE_PATH)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PROBE);
      return;
    }
    const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host, 'accept-encoding': 'identity' } }, (answer) => {
      const status = answer.statusCode ?? 502;
      if (status >= 400) problems.push(`HTTP ${status} ${req.method} ${path}`);
      const headers = { ...answer.headers };
      if (!/text\/html/.test(String(headers['content-type'] ?? ''))) {
        res.writeHead(status, headers);
        answer.pipe(res);
        return;
      }
      const chunks = [];
      answer.on('data', (c) => chunks.push(c));
      answer.on('end', () => {
        const guard = new URL(path, 'http://x').searchParams.get('cpq-guard') ?? 'native';
        const tag = `<script src="${PROBE_PATH}?guard=${encodeURIComponent(guard)}"></script>`;
        const html = Buffer.concat(chunks).toString('utf8').replace(/<head[^>]*>/i, (h) => h + tag);
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
        res.end(html);
      });
    });
    up.on('error', (e) => {
      problems.push(`request failed: ${req.method} ${path} ${e.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    problems,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// --- the drivers: one small interface over puppeteer (Firefox) and classic WebDriver (WebKit) ----
//
// goto(url) · run(fn, arg) → JSON value · element(fn, arg) → handle · click(handle) ·
// replaceText(handle, text) (select what is there, type, Enter) · newPage() · close() · version

/** Firefox ESR through WebDriver BiDi (puppeteer-core; its own temporary profile). */
function startFirefox() {
  return startPuppeteer({ browser: 'firefox', executablePath: FIREFOX, headless: true, args: ['--width=1400', '--height=1000'] });
}

/** Debian's Chromium through the DevTools protocol (puppeteer-core), with the flags it needs as root. */
function startChromium() {
  return startPuppeteer({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
}

async function startPuppeteer(options) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch(options);
  const version = (await browser.version()).replace(/^firefox\//, 'Firefox ').replace(/^HeadlessChrome\/|^Chrome\//, 'Chromium ');
  let page;
  let pageProblems = [];
  return {
    version,
    async newPage() {
      await page?.close();
      page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      page.setDefaultTimeout(TIMEOUT);
      pageProblems = [];
      // What the engine itself says, beside the probe: its console errors and uncaught errors.
      page.on('console', (m) => {
        if (m.type() === 'error') pageProblems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
    },
    engineProblems: () => pageProblems.splice(0),
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    run: (fn, arg) => page.evaluate(fn, arg),
    async element(fn, arg) {
      const handle = await page.evaluateHandle(fn, arg);
      const el = handle.asElement();
      if (!el) throw new Error('no such element');
      return el;
    },
    click: (el) => el.click(),
    async replaceText(el, text) {
      await el.click();
      await el.evaluate((e) => e.select());
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    close: () => browser.close(),
  };
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawn a program whose output goes to a capped buffer (shown when it fails). */
function spawnLogged(file, args, env) {
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (d) => (log = (log + d).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, log: () => log };
}

function stop(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * WebKitGTK: a private Xvfb display (`-displayfd`: the server picks a free one), WebKitWebDriver
 * on a free loopback port, and a session that starts MiniBrowser in automation mode. The client is
 * classic WebDriver over HTTP with fetch (WebKitWebDriver 2.50 refuses `webSocketUrl`: no BiDi).
 */
async function startWebKit() {
  const children = [];
  // Killed with the script too (Ctrl+C, a CI timeout): no Xvfb or driver is left behind.
  const orphans = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
  process.once('exit', orphans);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      orphans();
      process.exit(130);
    });
  }
  const closeAll = async () => {
    for (const c of children.reverse()) await stop(c);
  };
  try {
    const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    children.push(xvfb);
    const display = await new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      xvfb.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
      xvfb.stdio[3].on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(`:${out.trim()}`);
      });
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.trim()}`)));
      setTimeout(() => reject(new Error(`Xvfb gave no display in 10 s: ${err.trim()}`)), 10_000);
    });
    const port = await freePort();
    const driver = spawnLogged(WEBKIT_DRIVER, [`--port=${port}`, '--host=local'], { DISPLAY: display });
    children.push(driver.child);
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = await fetch(`${base}/status`).then((r) => r.json()).then((j) => j.value?.ready === true, () => false);
      if (ready) break;
      if (Date.now() > deadline || driver.child.exitCode !== null) throw new Error(`WebKitWebDriver did not answer: ${driver.log().trim()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const call = async (method, path, body) => {
      const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await r.json();
      if (json.value && typeof json.value === 'object' && 'error' in json.value) throw new Error(`WebDriver ${method} ${path.replace(/\/session\/[^/]+/, '')}: ${json.value.error}: ${json.value.message}`);
      return json.value;
    };
    const created = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
    const s = `/session/${created.sessionId}`;
    await call('POST', `${s}/timeouts`, { script: TIMEOUT, pageLoad: 60_000 });
    await call('POST', `${s}/window/rect`, { width: 1400, height: 1000 });
    const version = `WebKitGTK ${created.capabilities.browserVersion}`;
    const asScript = (fn) => `const arg = arguments[0]; const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arg)).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && e.stack) || e) }));`;
    return {
      version,
      newPage: async () => {},
      engineProblems: () => [],
      goto: (url) => call('POST', `${s}/url`, { url }),
      async run(fn, arg) {
        const out = await call('POST', `${s}/execute/async`, { script: asScript(fn), args: [arg ?? null] });
        if (out?.error) throw new Error(out.error.split('\n')[0]);
        return out?.ok;
      },
      async element(fn, arg) {
        const el = await call('POST', `${s}/execute/sync`, { script: `return (${fn})(arguments[0]);`, args: [arg ?? null] });
        if (!el || typeof el !== 'object') throw new Error('no such element');
        return el;
      },
      // Element Click's hit test does not look into shadow roots: an input in one is "intercepted"
      // by its own host. The pointer actions click the element's centre the same way (real mouse
      // events), without that test; the element is centred in the window first.
      async click(el) {
        await call('POST', `${s}/execute/sync`, { script: "arguments[0].scrollIntoView({ block: 'center', inline: 'center' });", args: [el] });
        await call('POST', `${s}/actions`, {
          actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
            { type: 'pointerMove', origin: el, x: 0, y: 0 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 },
          ] }],
        });
        await call('DELETE', `${s}/actions`);
      },
      async replaceText(el, text) {
        const id = Object.values(el)[0];
        await this.click(el);
        await call('POST', `${s}/execute/sync`, { script: 'arguments[0].select();', args: [el] });
        await call('POST', `${s}/element/${id}/value`, { text: `${text}\uE007` });
      },
      async close() {
        await call('DELETE', s).catch(() => {});
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

// --- the checks ---------------------------------------------------------------------------------

async function waitFor(driver, fn, arg, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await driver.run(fn, arg).catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Errors the probe, the engine and the proxy saw since the last call. */
async function takeProblems(driver, proxy) {
  const probe = await driver.run(() => (window.__cpqProbe ? window.__cpqProbe.errors.splice(0) : ['the probe did not run']));
  return [...probe, ...driver.engineProblems(), ...proxy.problems.splice(0)];
}

/** Which custom states `<cpq-quote>` matches (the page's un-guarded `matches`), or 'unsupported'. */
const statesOf = (names) => {
  const q = document.querySelector('cpq-quote');
  const matches = window.__cpqProbe.matches;
  try {
    return names.filter((n) => matches.call(q, `:state(${n})`));
  } catch {
    return 'unsupported';
  }
};

const quoteReady = () => {
  const q = document.querySelector('cpq-quote');
  return Boolean(q?.catalog && q.quote?.lines.length > 0 && q.priced !== undefined && !q.cpq?.updating);
};

const snapshot = () => {
  const q = document.querySelector('cpq-quote');
  const s = document.querySelector('cpq-quote-summary');
  return {
    quote: q.quote, catalog: q.catalog, locale: q.cpq?.locale ?? q.locale, total: q.priced?.totals.total,
    orderable: q.priced?.orderable, approvals: q.priced?.approvals.length ?? 0, summary: s?.shadowRoot?.textContent ?? '',
  };
};

/**
 * The page's quote and catalog, priced here by the kit: the page must have priced the same total
 * and its summary must show it (waiting up to 3 s for the summary to render).
 */
async function expectNodeTotal(driver, fail, when) {
  let snap = await driver.run(snapshot);
  const priced = priceQuote(snap.catalog, snap.quote, { locale: snap.locale });
  const want = priced.totals.total;
  if (snap.total !== want) fail(`${when}: the page priced ${snap.total}, the kit in Node ${want}`);
  const figure = shownAs(want, snap.locale);
  const deadline = Date.now() + 3000;
  while (!snap.summary.replace(/\s+/g, '').includes(figure)) {
    if (Date.now() > deadline) {
      fail(`${when}: the summary does not show ${figure} (Node's total ${want}): "${snap.summary.replace(/\s+/g, ' ').slice(0, 160)}"`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
    snap = await driver.run(snapshot);
  }
  return { want, snap, priced };
}

async function changesTotal(driver, fail, what, act) {
  const before = await driver.run(() => document.querySelector('cpq-quote').priced?.totals.total);
  await act();
  await waitFor(driver, (t) => {
    const q = document.querySelector('cpq-quote');
    return q.priced?.totals.total !== t && !q.cpq?.updating;
  }, before, `${what} did not change the quote total (${before})`, 5000);
  return expectNodeTotal(driver, fail, `after ${what}`);
}

/** The CRM page: open, configure, edit a quantity; totals against Node; states or their guard. */
async function checkCrm(driver, base, guard, fail) {
  await driver.goto(`${base}/index.html?cpq-guard=${guard}`);
  const ran = await driver.run(() => window.__cpqProbe?.guard);
  if (ran !== guard) throw new Error(`the probe ran with guard ${ran}, want ${guard}`);
  await waitFor(driver, quoteReady, null, '<cpq-quote> never got a catalog and a priced quote');
  const { snap } = await expectNodeTotal(driver, fail, 'on opening');
  await checkStates(driver, guard, fail, 'on opening', [...(snap.orderable ? [] : ['invalid']), ...(snap.approvals > 0 ? ['needs-approval'] : [])], ['self-service', 'readonly', 'updating']);

  await changesTotal(driver, fail, 'ticking an option in the configurator', async () => {
    await driver.run(() => {
      const q = document.querySelector('cpq-quote');
      const line = q.quote.lines.find((l) => q.catalog.products.find((p) => p.sku === l.sku)?.features?.length);
      if (line) q.cpq.api.selectLine(line.id);
      return q.updateComplete;
    });
    await waitFor(driver, () => !!document.querySelector('cpq-configurator')?.shadowRoot?.querySelector('input[type=checkbox][data-k=opt]:not(:checked):not(:disabled)'), null, 'the configurator shows no option to tick');
    // Its label, as a person clicks it.
    const label = await driver.element(() => document.querySelector('cpq-configurator').shadowRoot.querySelector('input[type=checkbox][data-k=opt]:not(:checked):not(:disabled)').closest('label'));
    await driver.click(label);
  });

  const qty = await driver.element(() => document.querySelector('cpq-line-editor').shadowRoot.querySelector('input[data-control=qty]:not(:disabled)'));
  const { id, value } = await driver.run(() => {
    const input = document.querySelector('cpq-line-editor').shadowRoot.querySelector('input[data-control=qty]:not(:disabled)');
    return { id: input.dataset.id, value: input.value };
  });
  const typed = String(Number(value) + 3);
  const after = await changesTotal(driver, fail, `typing ${typed} as a quantity in the line editor`, () => driver.replaceText(qty, typed));
  const line = after.snap.quote.lines.find((l) => l.id === id);
  if (String(line?.qty) !== typed) fail(`the edited line's quantity is ${line?.qty}, typed ${typed}`);
  await checkStates(driver, guard, fail, 'after editing', after.snap.orderable ? [] : ['invalid'], ['self-service', 'readonly', 'updating']);
  // The element's form value is the quote, with or without custom states.
  const form = await driver.run(() => {
    const q = document.querySelector('cpq-quote');
    return typeof q.checkValidity() === 'boolean';
  });
  if (!form) fail('checkValidity() gave no boolean');
}

/** The portal: the shared quote opens read-only and the page's own `:state(readonly)` test is guarded. */
async function checkPortal(driver, base, guard, fail) {
  await driver.goto(`${base}/portal.html?cpq-guard=${guard}`);
  await waitFor(driver, quoteReady, null, 'the portal never showed the shared quote');
  const page = await waitFor(driver, () => {
    const status = document.getElementById('load-status')?.textContent?.trim();
    const layout = document.querySelector('.portal-layout');
    return status === '' ? { reviewOnly: layout?.classList.contains('review-only'), readonly: document.querySelector('cpq-quote').cpq?.readonly } : false;
  }, null, 'the portal did not finish opening (#load-status not empty)', 5000).catch(async (e) => {
    fail(`${e.message}: "${await driver.run(() => document.getElementById('load-status')?.textContent)}"`);
    return undefined;
  });
  if (page && page.reviewOnly !== page.readonly) fail(`the layout's review-only is ${page.reviewOnly}, the quote's readonly ${page.readonly}`);
  const snap = await driver.run(snapshot);
  if (!snap.summary.replace(/\s+/g, '').includes(shownAs(snap.total, snap.locale))) fail(`the summary does not show the quote total ${snap.total}`);
  await checkStates(driver, guard, fail, 'on the portal', ['self-service', ...(page?.readonly ? ['readonly'] : [])], ['updating']);
}

/**
 * Natively the states in `on` must match and those in `off` not; under a guard, `:state()` is
 * not a selector for the page and no state is set (the element ran on without them).
 */
async function checkStates(driver, guard, fail, when, on, off) {
  const names = [...new Set([...on, ...off, ...STATES])];
  const matched = await driver.run(statesOf, names);
  if (matched === 'unsupported') {
    fail(`${when}: the engine's own matches() refuses :state()`);
    return;
  }
  const pageSees = await driver.run(() => {
    try {
      return document.querySelector('cpq-quote').matches(':state(readonly)') ? 'matched' : 'not matched';
    } catch (e) {
      return e.name;
    }
  });
  if (guard === 'native') {
    const missing = on.filter((n) => !matched.includes(n));
    const extra = off.filter((n) => matched.includes(n));
    if (missing.length || extra.length) fail(`${when}: states ${JSON.stringify(matched)}; want ${JSON.stringify(on)} set and ${JSON.stringify(off)} not`);
    if (pageSees === 'SyntaxError') fail(`${when}: natively the page's :state() is a SyntaxError`);
  } else {
    if (matched.length) fail(`${when}: ${guard}: states set where there are none: ${JSON.stringify(matched)}`);
    if (pageSees !== 'SyntaxError') fail(`${when}: ${guard}: the simulated engine accepted :state() (${pageSees})`);
  }
}

/** One engine: every guard on the CRM page and the portal. Returns its version and timings. */
export async function checkEngine(name, base, proxy, fail) {
  const t0 = performance.now();
  const driver = await ENGINES[name].start();
  const started = performance.now();
  const rows = [];
  try {
    for (const guard of GUARDS) {
      for (const [pageName, check] of [['crm', checkCrm], ['portal', checkPortal]]) {
        const t = performance.now();
        const where = `${name} ${driver.version} ${pageName} (${guard})`;
        let bad = 0;
        const note = (m) => {
          bad++;
          fail(where, m);
        };
        try {
          await driver.newPage();
          proxy.problems.splice(0);
          await check(driver, base, guard, note);
          await new Promise((r) => setTimeout(r, 200));
          for (const p of await takeProblems(driver, proxy)) note(p);
        } catch (error) {
          note(error instanceof Error ? error.message.split('\n')[0] : String(error));
        }
        rows.push({ where, ok: bad === 0, seconds: (performance.now() - t) / 1000 });
        console.log(`${bad ? '✖' : '✔'} ${where.padEnd(48)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await driver.close();
  }
  return { version: driver.version, startSeconds: (started - t0) / 1000, seconds: (performance.now() - t0) / 1000, rows };
}

/** Build, serve, run the engines asked for (all by default); exit 1 on a problem. */
async function main(names) {
  const started = performance.now();
  const required = process.env.CPQ_ENGINES_REQUIRED === '1';
  const failures = [];
  const fail = (where, message) => failures.push(`${where}: ${message}`);
  const runnable = [];
  for (const name of names) {
    if (!(name in ENGINES)) {
      console.error(`e2e-engines: unknown engine "${name}" (known: ${Object.keys(ENGINES).join(', ')})`);
      process.exit(2);
    }
    const why = missingFor(name);
    if (!why) runnable.push(name);
    else if (required) fail(name, why);
    else console.log(`- ${ENGINES[name].label}: skipped, ${why}`);
  }
  if (runnable.length) {
    await buildDemo();
    const built = performance.now();
    const server = await startPreview();
    const proxy = await startProbeProxy(server.url);
    try {
      const csp = await fetch(new URL('index.html', `${proxy.url}/`)).then((r) => r.headers.get('content-security-policy'));
      if (!csp || /unsafe-inline|unsafe-eval/.test(csp) || !/script-src 'self'/.test(csp)) fail('server', `the CSP is not strict: ${csp}`);
      for (const name of runnable) {
        try {
          const r = await checkEngine(name, proxy.url, proxy, fail);
          console.log(`  ${r.version}: started in ${r.startSeconds.toFixed(1)} s, ${r.rows.length} page checks in ${r.seconds.toFixed(1)} s`);
        } catch (error) {
          fail(ENGINES[name].label, `could not be driven: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      await proxy.close();
      await server.close();
    }
    console.log(`e2e-engines: build ${((built - started) / 1000).toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (failures.length) {
    console.error(`✖ ${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  if (runnable.length) console.log(`✔ ${runnable.map((n) => ENGINES[n].label).join(' and ')}: the demo under its strict CSP without an error, configured and edited, the totals shown equal to the kit's in Node, custom states matched natively and guarded without them`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const asked = process.argv.slice(2);
  await main(asked.length ? asked : Object.keys(ENGINES));
}

