/**
 * The docs site's generated pages and its CSP step, without building the site (that is
 * `scripts/docs-check.mjs`, in `npm run test:e2e`): the elements reference lists every public
 * property, attribute, event (with its detail type), slot, part and CSS property the manifest
 * has; the catalog reference every definition and field of the schema; prose cannot become a
 * Vue component or interpolation; and the CSP step moves inline scripts into files in their
 * place and style attributes into classes, and refuses what it cannot move.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { externalizeInline, inlineProblems } from '../scripts/docs-csp.mjs';
import { catalogReference, elementPage, manifestElements, prose } from '../scripts/docs-pages.mjs';

const root = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('schemas/catalog.schema.json', root), 'utf8'));

type Decl = {
  tagName: string;
  members?: { kind: string; name: string; privacy?: string; attribute?: string; type?: { text: string } }[];
  events?: { name: string; type?: { text: string } }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
  slots?: { name: string }[];
};

test('every element of the manifest has a page listing its whole public API', () => {
  const elements: Decl[] = manifestElements(manifest);
  assert.equal(elements.length, 7);
  for (const el of elements) {
    const page: string = elementPage(el);
    assert.match(page, /<LiveExample tag="cpq-[a-z-]+" \/>/, el.tagName);
    for (const m of el.members ?? []) {
      if (m.kind !== 'field' || m.privacy) continue;
      assert.ok(page.includes(`| \`${m.name}\` |`), `${el.tagName}: property ${m.name}`);
      if (m.attribute) assert.ok(page.includes(`\`${m.attribute}\``), `${el.tagName}: attribute ${m.attribute}`);
    }
    for (const e of el.events ?? []) {
      assert.ok(e.type?.text, `${el.tagName}: event ${e.name} has a type in the manifest`);
      assert.ok(page.includes(`| \`${e.name}\` | \`${e.type!.text.replace(/\|/g, '\\|')}\` |`), `${el.tagName}: event ${e.name} with its detail type`);
    }
    for (const p of el.cssParts ?? []) assert.ok(page.includes(`| \`${p.name}\` |`), `${el.tagName}: part ${p.name}`);
    for (const p of el.cssProperties ?? []) assert.ok(page.includes(`| \`${p.name}\` |`), `${el.tagName}: CSS property ${p.name}`);
    for (const s of el.slots ?? []) assert.ok(page.includes(s.name ? `\`${s.name}\`` : '(default)'), `${el.tagName}: slot ${s.name}`);
  }
});

test('the catalog reference has every definition and every top-level catalog field', () => {
  const page: string = catalogReference(schema);
  for (const name of Object.keys(schema.definitions)) assert.match(page, new RegExp(`^## ${name}$`, 'm'), name);
  for (const field of Object.keys(schema.definitions.Catalog.properties)) assert.ok(page.includes(`| \`${field}\` |`), `Catalog.${field}`);
  for (const field of schema.definitions.Catalog.required ?? []) assert.ok(new RegExp(`\\| \`${field.replace('$', '\\$')}\` \\| [^\\n]* \\| yes \\|`).test(page), `Catalog.${field} required`);
});

test('prose escapes tags and braces outside code spans only', () => {
  assert.equal(prose('put `<cpq-quote>` in <cpq-quote> {{ x }}'), 'put `<cpq-quote>` in &#60;cpq-quote&#62; &#123;&#123; x &#125;&#125;');
  assert.equal(prose('two\n  lines'), 'two lines');
});

const PAGE = `<!DOCTYPE html><html><head>
<link rel="preload stylesheet" href="/assets/style.css" as="style">
<script type="module" src="/assets/app.js"></script>
<script id="check-dark-mode">(()=>{document.documentElement.classList.add("dark")})();</script>
</head><body><div id="app"><div class="VPDoc" style="position:relative;"><span style="--vp-vh:0px;" data-v-1>x</span><p>style="not an attribute" &lt;b style="x"&gt;</p></div></div>
<script>window.__VP_SITE_DATA__=JSON.parse("{\\"a\\":1}");</script>
</body></html>`;

test('the CSP step moves inline scripts into files in place and style attributes into classes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-docs-csp-'));
  try {
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'other.html'), PAGE.replace('<span', '<em').replace('</span>', '</em>'));
    assert.ok(inlineProblems(PAGE).length >= 4);
    const counts = externalizeInline(dir);
    assert.deepEqual(counts, { pages: 2, scripts: 4, scriptFiles: 2, styles: 4, classes: 2 });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.deepEqual(inlineProblems(html), []);
    // Same place, same order: the dark-mode script in <head>, the site data after the app div.
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"[^>]*><\/script>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 3);
    assert.equal(scripts[0], '/assets/app.js');
    const darkMode = /<script id="check-dark-mode" src="\/assets\/inline-[0-9a-f]{12}\.js"><\/script>/.exec(html);
    assert.ok(darkMode && darkMode.index < html.indexOf('</head>'), 'the dark-mode script is still in <head>');
    assert.ok(html.indexOf('id="app"') < html.indexOf(scripts[2]!), 'the site data still follows the app');
    assert.equal(readFileSync(join(dir, scripts[2]!.slice(1)), 'utf8').trim(), 'window.__VP_SITE_DATA__=JSON.parse("{\\"a\\":1}");');
    // The text that only looks like an attribute is untouched; the real ones are classes.
    assert.ok(html.includes('<p>style="not an attribute" &lt;b style="x"&gt;</p>'));
    const cls = /<div class="VPDoc (vp-inline-[0-9a-f]{12})">/.exec(html)?.[1];
    assert.ok(cls, html);
    const css = readFileSync(join(dir, 'assets/inline-styles.css'), 'utf8');
    assert.ok(css.includes(`.${cls}{position:relative;}`), css);
    assert.ok(html.includes('<link rel="stylesheet" href="/assets/inline-styles.css">'));
    assert.equal(readdirSync(join(dir, 'assets')).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CSP step refuses what it cannot move', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-docs-csp-'));
  try {
    writeFileSync(join(dir, 'index.html'), '<html><head><style>p{}</style></head><body><button onclick="go()">x</button></body></html>');
    assert.throws(() => externalizeInline(dir), /index\.html: still inline[\s\S]*inline <style>[\s\S]*inline handler onclick/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
