// The docs site under `script-src 'self'; style-src 'self'` (scripts/docs.mjs, step 4). VitePress
// writes into every page two inline scripts in <head> (the dark-mode and macOS checks, which must
// run before the first paint) and one at the end of <body> (the page hash map and the site data,
// which the app module reads); its server render also writes a few `style` attributes
// (`position:relative` on the content, a CSS variable on the outline button). Rather than widen
// the CSP with hashes ('unsafe-hashes' for attributes), each inline script becomes a file named by
// the hash of its text, loaded by a classic <script src> at the same place — so it still runs
// before the body is painted and before the deferred app module — and each style attribute a
// class whose rule is in one stylesheet linked from every page. Code blocks are highlighted with
// classes already (docs-site/.vitepress/config.mts). `externalizeInline` fails when anything
// inline is left: an inline event handler, a `javascript:` URL, an inline <style>, a script it
// could not move.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const sha = (text) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Every .html file under `dir`. */
export function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * What is still inline in a page's HTML (the check after the rewrite, and the check the Chromium
 * test repeats on what the server sends): one message per problem.
 */
export function inlineProblems(html) {
  const problems = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\ssrc=/.test(m[1]) && m[2].trim()) problems.push(`inline <script>: ${m[2].trim().slice(0, 60)}`);
  }
  if (/<style[\s>]/i.test(html)) problems.push('inline <style>');
  for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const tag = m[0];
    if (/\sstyle="/.test(tag)) problems.push(`style attribute: ${tag.slice(0, 80)}`);
    const handler = /\s(on[a-z]+)=/.exec(tag);
    if (handler) problems.push(`inline handler ${handler[1]}: ${tag.slice(0, 80)}`);
    if (/=\s*"\s*javascript:/i.test(tag)) problems.push(`javascript: URL: ${tag.slice(0, 80)}`);
  }
  return problems;
}

/**
 * Rewrite every page under `dist` (a VitePress build with base `/`); returns counts. Throws,
 * naming the page, when anything inline is left.
 */
export function externalizeInline(dist, base = '/') {
  const scriptFiles = new Map();
  const classes = new Map();
  let scripts = 0;
  let styles = 0;
  const pages = htmlFiles(dist);
  const stylesheet = `assets/inline-styles.css`;
  for (const file of pages) {
    let html = readFileSync(file, 'utf8');
    html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (all, attrs, body) => {
      if (/\ssrc=/.test(attrs) || !body.trim()) return all;
      if (/type="(?!text\/javascript|module)/.test(attrs)) return all; // data blocks (JSON-LD …) stay; none today
      const name = `assets/inline-${sha(body)}.js`;
      scriptFiles.set(name, body);
      scripts++;
      return `<script${attrs} src="${base}${name}"></script>`;
    });
    html = html.replace(/<([a-zA-Z][\w-]*)(\s[^>]*?)?(\/?)>/g, (tag, name, attrs = '', slash) => {
      const m = /\sstyle="([^"]*)"/.exec(attrs);
      if (!m) return tag;
      let rest = attrs.replace(m[0], '');
      const decl = decode(m[1]).trim();
      if (decl) {
        const cls = `vp-inline-${sha(decl)}`;
        classes.set(cls, decl);
        styles++;
        rest = /\sclass="/.test(rest) ? rest.replace(/\sclass="([^"]*)"/, (_, c) => ` class="${c} ${cls}"`) : `${rest} class="${cls}"`;
      }
      return `<${name}${rest}${slash}>`;
    });
    html = html.replace('</head>', `  <link rel="stylesheet" href="${base}${stylesheet}">\n  </head>`);
    const problems = inlineProblems(html);
    if (problems.length) throw new Error(`${relative(dist, file)}: still inline after the CSP step:\n  ${problems.join('\n  ')}`);
    writeFileSync(file, html);
  }
  mkdirSync(join(dist, 'assets'), { recursive: true });
  for (const [name, body] of scriptFiles) writeFileSync(join(dist, name), body.trim() + '\n');
  // Same specificity as any one-class rule, later in the cascade than the theme's stylesheet.
  writeFileSync(join(dist, stylesheet), [...classes].map(([cls, decl]) => `.${cls}{${decl}}`).join('\n') + '\n');
  return { pages: pages.length, scripts, scriptFiles: scriptFiles.size, styles, classes: classes.size };
}
