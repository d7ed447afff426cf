// What a customer's browser must never get: the seller-only fields of a catalog or a priced
// quote (cost, floor price, margin, approval and price rules), neither in the DOM (shadow roots
// included) nor in any response the page receives. Used by scripts/e2e.mjs and
// scripts/e2e-flow.mjs (run with `node --import tsx`: it prices with the kit's own core).
import { priceQuote } from '../src/pricing/index.ts';
import { demoCatalogs } from './demo-service.mjs';

const catalogs = demoCatalogs();

/** The keys no JSON a customer receives may have. */
export const SELLER_ONLY_KEYS = ['cost', 'floorPrice', 'margin', 'marginPercent', 'costedMargin', 'approvalRules', 'priceRules'];

/** The JSON paths at which `value` has a seller-only key. */
export function sellerOnlyPaths(value, path = '$', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => sellerOnlyPaths(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (SELLER_ONLY_KEYS.includes(key)) out.push(`${path}.${key}`);
      sellerOnlyPaths(v, `${path}.${key}`, out);
    }
  }
  return out;
}

/**
 * Record what a customer's page fetches: every request URL, and every JSON response body scanned
 * for seller-only keys. `check()` (after the page is done) reports through `fail`: a seller-only
 * key in any body, or any request for a catalog (the customer's page gets only the share routes).
 */
export function watchCustomerTraffic(page, name, fail) {
  const urls = [];
  const reads = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('response', (r) => {
    if (!/json/.test(r.headers()['content-type'] ?? '')) return;
    reads.push(r.text().then((body) => ({ url: r.url(), body }), () => undefined));
  });
  return {
    urls,
    async check(when) {
      let bodies = 0;
      for (const read of await Promise.all(reads.splice(0))) {
        if (!read) continue;
        bodies++;
        let json;
        try {
          json = JSON.parse(read.body);
        } catch {
          continue;
        }
        const paths = sellerOnlyPaths(json);
        if (paths.length) fail(name, `a response has seller-only fields (${when}): ${new URL(read.url).pathname} ${paths.slice(0, 4).join(', ')}`);
      }
      const catalogUrls = urls.filter((u) => /\/catalogs(\/|$|\?)|crm-saas|air-compressor/.test(new URL(u).pathname));
      if (catalogUrls.length) fail(name, `the customer's page requested a catalog (${when}): ${catalogUrls.slice(0, 3).map((u) => new URL(u).pathname).join(', ')}`);
      return bodies;
    },
  };
}

/**
 * Self-service: none of the seller's figures in the DOM. The quote on screen is re-priced here
 * with the full catalog; every cost, margin and floor price that is not also a figure the
 * customer may see (a price, an amount) must be absent from the text of the page and of every
 * shadow root (attributes and input values included), and so must the words for them.
 */
export async function expectNoInternalFigures(page, name, when, fail) {
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
  if (/"(cost|margin|marginPercent|costedMargin|uncosted|floorPrice)"/.test(visible)) fail(name, `the element state has internal fields (${when})`);
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
  for (const x of [full.totals, ...full.lines, ...(full.totals.costedMargin ? [full.totals.costedMargin] : [])]) {
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
        fail(name, `an internal ${kind} figure ${form} is in the DOM (${when})`);
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
  const word = words.match(/成本|毛利|底价|最低价|\bcosts?\b|\bmargins?\b|floor price|floorPrice|marginPercent|costedMargin|approvalRules|priceRules/i);
  if (word) fail(name, `"${word[0]}" appears in the portal DOM (${when}): …${words.slice(Math.max(0, word.index - 60), word.index + 60)}…`);
}

