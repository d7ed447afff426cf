// The customer portal: the quote a seller sent, opened with its share link (`#share=<token>` in
// the address — a fragment never reaches a server's logs; without one, the quote the demo
// seeded). `<cpq-quote service share-token>` is in self-service: it reaches only the service's
// share routes — the quote as a customer sees it and the customer's copy of its catalog, never a
// cost, floor price, margin or rule — and the customer accepts, declines or (when the seller
// allowed it) orders there.
import '../src/index.js';
import fontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import type { CpqQuote, Quote } from '../src/index.js';
import { rememberColumns } from './shared/columns.js';
import { applyText, localeFromUrl, setUrlParam, shared, t, wireToggle, type Table, type UiLocale } from './shared/i18n.js';
import { seededShareToken } from './shared/session.js';

const page: Table = {
  en: {
    title: 'Customer portal · cpq-kit demo', skip: 'Skip to your quote', heading: 'Your quote',
    intro: 'Review the quote your account manager sent you, then accept it (or order it) online.',
    signedIn: 'Quote for', products: 'Products', configure: 'Configuration', cart: 'Quote lines', summary: 'Summary',
    actions: 'Accept or order',
  },
  'zh-CN': {
    title: '客户门户 · cpq-kit 演示', skip: '跳到报价', heading: '您的报价',
    intro: '查看客户经理发给您的报价，在线接受（或直接下单）。',
    signedIn: '报价客户', products: '产品', configure: '配置', cart: '报价明细', summary: '汇总',
    actions: '接受或下单',
  },
};
const tables = [page, shared];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const quoteEl = $<CpqQuote>('quote-area');
let locale: UiLocale = localeFromUrl('en');
document.querySelector('cpq-quote-actions')!.fontUrl = fontUrl;
rememberColumns(document.querySelector('cpq-line-editor')!, 'portal');

/** The share token from the address's fragment. */
function shareTokenFromUrl(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('share') ?? undefined;
}

/** The customer's name, from the quote the element holds: whom the portal greets, and who acts. */
function showCustomer(quote: Quote): void {
  const customer = quote.customer?.name;
  const names = typeof customer === 'object' && customer ? (customer as Record<string, string>) : {};
  const name = typeof customer === 'string' ? customer : (names[locale] ?? Object.values(names)[0] ?? '—');
  $('customer-name').textContent = name;
  quoteEl.actor = name;
}

/**
 * Whether the element holds the quote read-only: its `:state(readonly)`, where the browser has
 * custom states. Before them (Safari < 17.4, Firefox < 126, Chrome < 125) `:state()` is a syntax
 * error for `matches()`: then what sets that state here, a `readonly` element or a shared quote
 * (`<cpq-quote>` holds a customer's share read-only).
 */
function isReadonly(): boolean {
  try {
    return quoteEl.matches(':state(readonly)');
  } catch {
    return quoteEl.readonly || quoteEl.shareToken !== undefined;
  }
}

/** Open the shared quote. */
async function open(): Promise<void> {
  const status = $('load-status');
  status.textContent = t(tables, locale, 'loading');
  try {
    quoteEl.shareToken = shareTokenFromUrl() ?? (await seededShareToken());
    await quoteEl.updateComplete;
    showCustomer(quoteEl.quote);
    // A shared quote is the customer's to review, not to change: no catalog to add from (its
    // disabled "Add" buttons would only compete with the one thing to do, accept or order).
    document.querySelector('.portal-layout')!.classList.toggle('review-only', isReadonly());
    status.textContent = '';
  } catch (error) {
    status.textContent = t(tables, locale, 'loadFailed', { message: (error as Error).message });
  }
}

function setLocale(next: UiLocale): void {
  locale = next;
  quoteEl.locale = locale;
  applyText(document, tables, locale);
  document.title = t(tables, locale, 'title');
  if (quoteEl.quote.lines.length) showCustomer(quoteEl.quote);
}

wireToggle($('lang-switch'), locale, (value) => {
  setUrlParam('lang', value);
  setLocale(value as UiLocale);
});
setLocale(locale);
void open();
