// A plain HTML page that loads the packed kit with an import map and no bundler (issue 17), served
// from the consumer folder under a strict CSP (inline scripts allowed by hash only). The kit's
// files come from the consumer's node_modules/cpq-kit; its dependencies from the repository's.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** The import map README.md gives for plain HTML (paths under the host's copy of node_modules). */
export const IMPORT_MAP = {
  imports: {
    'cpq-kit': '/node_modules/cpq-kit/dist/index.js',
    lit: '/node_modules/lit/index.js',
    'lit/': '/node_modules/lit/',
    'lit-html': '/node_modules/lit-html/lit-html.js',
    'lit-html/': '/node_modules/lit-html/',
    'lit-element/': '/node_modules/lit-element/',
    '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
    '@lit/context': '/node_modules/@lit/context/index.js',
    'decimal.js': '/node_modules/decimal.js/decimal.mjs',
    idb: '/node_modules/idb/build/index.js',
    '@noble/hashes/': '/node_modules/@noble/hashes/',
  },
};

const MODULE = (kit: string) => `import '${kit}';
const el = document.querySelector('cpq-quote');
el.addEventListener('cpq-error', (e) => { document.body.dataset.error = JSON.stringify(e.detail); });
el.catalog = await (await fetch('/data/catalog.json')).json();
el.quote = await (await fetch('/data/quote.json')).json();
await el.updateComplete;
document.body.dataset.total = el.priced ? el.priced.totals.total : 'none';`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The self-contained bundle's URL (no import map needed). */
export const BUNDLE = '/node_modules/cpq-kit/dist/bundle/cpq-kit.js';

/** `/` imports `cpq-kit` through the import map; `/bundle.html` imports the bundle by URL. */
export function pageHtml(kind: 'import-map' | 'bundle'): { html: string; csp: string } {
  const map = JSON.stringify(IMPORT_MAP);
  const module = MODULE(kind === 'bundle' ? BUNDLE : 'cpq-kit');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cpq-kit without a bundler</title>
${kind === 'import-map' ? `<script type="importmap">${map}</script>` : ''}</head><body>
<cpq-quote locale="en"><cpq-product-picker></cpq-product-picker><cpq-line-editor></cpq-line-editor><cpq-quote-summary></cpq-quote-summary></cpq-quote>
<script type="module">${module}</script></body></html>`;
  const hashes = kind === 'import-map' ? `${hash(map)} ${hash(module)}` : hash(module);
  return { html, csp: `default-src 'self'; script-src 'self' ${hashes}; style-src 'self'; object-src 'none'; base-uri 'none'` };
}

/** Serves the page, /data/* from `data`, and /node_modules/* from the consumer's then the repository's node_modules. */
export function servePage(consumer: string, repo: string, data: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const { html, csp } = pageHtml(path === '/bundle.html' ? 'bundle' : 'import-map');
    const send = (status: number, body: string | Buffer, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': csp });
      res.end(body);
    };
    if (path === '/' || path === '/bundle.html') return send(200, html, TYPES['.html']);
    if (path === '/favicon.ico') return send(204, '');
    if (path.startsWith('/data/') && data[path.slice(6)]) return send(200, readFileSync(data[path.slice(6)]!), TYPES['.json']);
    if (path.startsWith('/node_modules/')) {
      const rel = normalize(path).slice(1);
      for (const base of [consumer, repo]) {
        const file = join(base, rel);
        if (file.startsWith(base) && existsSync(file) && statSync(file).isFile()) return send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
      }
    }
    send(404, 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server });
  }));
}
