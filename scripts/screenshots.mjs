#!/usr/bin/env node
// `npm run screenshots`: builds the demo, serves it with `vite preview` (strict CSP header on)
// and writes PNGs of the pages to docs/ with Debian's Chromium (playwright-core):
//   docs/demo-crm.png     the CRM opportunity page, zh-CN
//   docs/demo-portal.png  the customer portal, en
//   docs/demo-crm-compressor.png, docs/demo-react.png, docs/demo-vue.png  (with --all)
//   docs/layout/{crm,portal}-{1440x900,1280x720,768x1024,390x844}.png: both pages at the sizes of
//   scripts/e2e-layout.mjs (the whole page at that width), with --sizes or --all
// Chinese text needs a CJK font on the machine (e.g. apt-get install -y fonts-wqy-microhei).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo, launchChromium, startPreview } from './demo-server.mjs';
import { SIZES } from './e2e-layout.mjs';

const all = process.argv.includes('--all');
const sized = all || process.argv.includes('--sizes');
const outDir = fileURLToPath(new URL('../docs/', import.meta.url));
const shots = [
  { file: 'demo-crm.png', path: 'index.html?lang=zh-CN&catalog=crm' },
  { file: 'demo-portal.png', path: 'portal.html?lang=en' },
  ...(all
    ? [
        { file: 'demo-crm-compressor.png', path: 'index.html?lang=zh-CN&catalog=compressor' },
        { file: 'demo-react.png', path: 'react.html?lang=en' },
        { file: 'demo-vue.png', path: 'vue.html?lang=zh-CN' },
      ]
    : []),
  ...(sized
    ? SIZES.flatMap(([width, height]) => [
        { file: `layout/crm-${width}x${height}.png`, path: 'index.html?lang=zh-CN&catalog=crm', viewport: [width, height] },
        { file: `layout/portal-${width}x${height}.png`, path: 'portal.html?lang=en', viewport: [width, height] },
      ])
    : []),
];

try {
  const fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (!fonts.trim()) console.warn('⚠ no CJK font installed: Chinese text will be boxes (apt-get install -y fonts-wqy-microhei)');
} catch {
  // No fontconfig tools: nothing to check.
}

mkdirSync(join(outDir, 'layout'), { recursive: true });
await buildDemo();
const server = await startPreview();
let browser;
try {
  browser = await launchChromium();
  for (const shot of shots) {
    const [width, height] = shot.viewport ?? [1600, 900];
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL(shot.path, server.url).href, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => {
      const q = document.querySelector('cpq-quote');
      return q?.priced !== undefined && q.quote?.lines.length > 0;
    }, null, { timeout: 10_000 });
    // Open the first configurable line in the configurator, as a seller would (the line
    // editor's Configure button), so the picture shows every element at work.
    const configure = page.locator('cpq-line-editor').getByRole('button', { name: /^(配置|Configure)(\s|$)/ }).first();
    if ((await configure.count()) > 0) await configure.click();
    // Every element's first render, then fonts, then one frame.
    await page.evaluate(async () => {
      for (const el of document.querySelectorAll('cpq-quote, cpq-product-picker, cpq-configurator, cpq-line-editor, cpq-quote-summary')) await el.updateComplete;
      await document.fonts.ready;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
    const file = `${outDir}${shot.file}`;
    // Grow the viewport to the whole page: content below the fold may skip rendering
    // (content-visibility: auto) and a full-page capture would show it blank.
    const full = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width, height: full });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${errors.length ? '⚠' : '✔'} ${shot.path} → docs/${shot.file}${errors.length ? ` (${errors.length} console error(s): ${errors[0]})` : ''}`);
    await page.close();
  }
} finally {
  await browser?.close();
  await server.close();
}
