// The docs site (`npm run docs`: scripts/docs.mjs generates the reference pages, runs this, then
// moves what VitePress inlines into files so that the site keeps the demo's strict CSP).
// Code blocks are highlighted with classes, not `style` attributes (transformerStyleToClass):
// under `style-src 'self'` a style attribute in a page chunk that Vue inserts on client-side
// navigation would be refused.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformerStyleToClass } from '@shikijs/transformers';
import { defineConfig, type DefaultTheme } from 'vitepress';

const site = fileURLToPath(new URL('..', import.meta.url));
const root = join(site, '..');

/** The stylesheet the code blocks' classes live in (written at the end of the build). */
export const CODE_CSS = 'assets/code-highlight.css';
const toClass = transformerStyleToClass({ classPrefix: 'hl-' });

const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const tags: string[] = manifest.modules
  .flatMap((m: { declarations?: { tagName?: string; customElement?: boolean }[] }) => m.declarations ?? [])
  .filter((d: { customElement?: boolean; tagName?: string }) => d.customElement && d.tagName)
  .map((d: { tagName: string }) => d.tagName)
  .sort();

/** The API modules TypeDoc wrote (docs-site/api/<module>.md, one page each), as the package's subpaths. */
function apiItems(): DefaultTheme.SidebarItem[] {
  const dir = join(site, 'api');
  if (!existsSync(dir)) return [];
  return Object.keys(SUBPATH)
    .filter((name) => existsSync(join(dir, `${name}.md`)))
    .map((name) => ({ text: SUBPATH[name], link: `/api/${name}` }));
}
const SUBPATH: Record<string, string> = {
  pricing: 'cpq-kit/pricing',
  rules: 'cpq-kit/rules',
  contract: 'cpq-kit/contract',
  quote: 'cpq-kit/quote',
  pdf: 'cpq-kit/pdf',
  words: 'cpq-kit/words',
  types: 'contract types',
};

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Elements', link: '/guide/elements' },
      { text: 'Pricing', link: '/guide/pricing' },
      { text: 'Subscriptions and contracts', link: '/guide/contracts' },
      { text: 'Configuration and validation', link: '/guide/configuration' },
      { text: 'Quote documents (PDF)', link: '/guide/pdf' },
      { text: 'Lifecycle and order handoff', link: '/guide/lifecycle' },
      { text: 'Quote service', link: '/guide/server' },
      { text: 'Order delivery', link: '/guide/delivery' },
      { text: 'Command line', link: '/guide/cli' },
      { text: 'Extensions to the contract', link: '/guide/extensions' },
      { text: 'Sample catalogs', link: '/guide/sample-catalogs' },
      { text: 'Stability and browsers', link: '/guide/stability' },
      { text: 'Benchmarks', link: '/guide/benchmarks' },
      { text: 'Development', link: '/guide/development' },
    ],
  },
];

export default defineConfig({
  title: 'cpq-kit',
  description: 'Framework-agnostic custom elements and an exact core for configure, price, quote.',
  lang: 'en',
  outDir: '../docs-dist',
  cacheDir: '../.cache/vitepress',
  srcExclude: ['**/README.md'],
  // The site must not call anything but itself (the CSP's default-src 'self').
  head: [
    ['link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
    ['link', { rel: 'stylesheet', href: `/${CODE_CSS}` }],
  ],
  // The appearance switch without VueUse's transition guard: that guard is a <style> element
  // added at run time (`*{transition:none!important}`), which `style-src 'self'` refuses.
  appearance: { disableTransition: false },
  markdown: { codeTransformers: [toClass] },
  vue: { template: { compilerOptions: { isCustomElement: (tag: string) => tag.startsWith('cpq-') } } },
  vite: {
    // The kit's sources are TypeScript with legacy decorators (tsconfig.json); the JSON samples
    // come from demo/.
    server: { fs: { allow: [root] } },
    build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Elements', link: '/elements/' },
      { text: 'Catalog', link: '/catalog/reference' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/guide/': guide,
      // The theme renders these texts as HTML: a bare <cpq-quote> here would be a live element.
      '/elements/': [{ text: 'Elements', items: [{ text: 'Overview', link: '/elements/' }, ...tags.map((t) => ({ text: `&lt;${t}&gt;`, link: `/elements/${t}` }))] }],
      '/catalog/': [{ text: 'Catalog', items: [{ text: 'Reference (from the schema)', link: '/catalog/reference' }, { text: 'Sample catalogs', link: '/guide/sample-catalogs' }] }],
      '/api/': [{ text: 'API (TypeDoc)', items: [{ text: 'Overview', link: '/api/' }, ...apiItems()] }],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  buildEnd(config) {
    const file = join(config.outDir, CODE_CSS);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, toClass.getCSS());
  },
});
