// The customer self-service portal: the same elements in `mode="self-service"` (no internal
// figures, no manual discounts). In service mode the customer opens the quote their seller sent
// with a share link (`#share=<token>` in the address; without one, the quote the demo seeded):
// the element reaches only the service's share routes — the quote as a customer sees it and the
// customer's copy of its catalog — and accepts, declines or orders there. Without service mode
// (local), it starts a new quote from the sample catalog inside a form: `<cpq-quote
// name="quote">` is form-associated, so the form submits the quote JSON and refuses to submit a
// quote that cannot be ordered.
import '../src/index.js';
import fontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import { money } from '../src/components/format.js';
import type { CpqQuote, Quote } from '../src/index.js';
import { catalogFromUrl, loadSample, type CatalogId } from './shared/data.js';
import { applyText, localeFromUrl, shared, t, wirePageSwitches, type Table, type UiLocale } from './shared/i18n.js';
import { seededShareToken } from './shared/session.js';

const page: Table = {
  en: {
    title: 'Customer portal · cpq-kit demo', skip: 'Skip to the shop', heading: 'Build your order',
    intro: 'Pick a product, configure it, and request a quote — prices update as you go.',
    signedIn: 'Signed in as', shopLabel: 'Shop', products: '1 · Choose products', configure: '2 · Configure',
    cart: '3 · Your cart', summary: 'Order summary', submit: 'Request this quote', actions: 'Order online',
    sent: 'Thank you! Quote {id} ({lines} lines, {total}) was sent to your account manager.',
    notReady: 'Please fix the problems shown in your cart first.',
    headingShared: 'Your quote', introShared: 'Review the quote your account manager sent you, then accept it (or order it) online.',
  },
  'zh-CN': {
    title: '客户门户 · cpq-kit 演示', skip: '跳到选购', heading: '自助选购下单',
    intro: '选择产品、完成配置并申请报价——价格随选随算。',
    signedIn: '当前客户', shopLabel: '商店', products: '1 · 选择产品', configure: '2 · 配置',
    cart: '3 · 购物车', summary: '订单汇总', submit: '申请此报价', actions: '在线下单',
    sent: '谢谢！报价 {id}（{lines} 行，{total}）已发送给您的客户经理。',
    notReady: '请先处理购物车中提示的问题。',
    headingShared: '您的报价', introShared: '查看客户经理发给您的报价，在线接受（或直接下单）。',
  },
};
const tables = [page, shared];

/** <cpq-quote>'s service mode (until its typings have it). */
type ServiceQuote = CpqQuote & { service?: string; shareToken?: string };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const quoteEl = $<ServiceQuote>('quote-area');
// The element's service mode, when this build of the kit has it; else a new quote from the sample catalog (local mode).
const serviceMode = Reflect.has(quoteEl, 'service');
const form = $<HTMLFormElement>('order-form');
const submitStatus = $('submit-status');
let locale: UiLocale = localeFromUrl('en');
let catalogId: CatalogId = catalogFromUrl('crm');
document.querySelector('cpq-quote-actions')!.fontUrl = fontUrl;

/** The share token from the address's fragment (`#share=…`: a fragment never reaches a server's logs). */
function shareTokenFromUrl(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('share') ?? undefined;
}

/** Service mode: open the shared quote; its customer is who the portal greets. */
async function openShared(): Promise<void> {
  const status = $('load-status');
  status.textContent = t(tables, locale, 'loading');
  try {
    quoteEl.shareToken = shareTokenFromUrl() ?? (await seededShareToken());
    await quoteEl.updateComplete;
    showCustomer(quoteEl.quote);
    status.textContent = '';
  } catch (error) {
    status.textContent = t(tables, locale, 'loadFailed', { message: (error as Error).message });
  }
}

/** The customer's name, from the quote the element holds. */
function showCustomer(quote: Quote): void {
  const customer = (quote.customer as Record<string, unknown> | undefined)?.name;
  const name = typeof customer === 'string' ? customer : typeof customer === 'object' && customer ? String((customer as Record<string, string>)[locale] ?? Object.values(customer)[0]) : '—';
  $('customer-name').textContent = name;
  quoteEl.actor = name;
}

async function load(id: CatalogId): Promise<void> {
  const status = $('load-status');
  status.textContent = t(tables, locale, 'loading');
  submitStatus.textContent = '';
  try {
    const { catalog, quote } = await loadSample(id, 'portal');
    quoteEl.catalog = catalog;
    quoteEl.quote = quote;
    showCustomer(quote);
    status.textContent = '';
  } catch (error) {
    status.textContent = t(tables, locale, 'loadFailed', { message: (error as Error).message });
  }
}

function setLocale(next: UiLocale): void {
  locale = next;
  quoteEl.locale = locale;
  applyText(document, tables, locale);
  if (serviceMode) {
    $('portal-title').textContent = t(tables, locale, 'headingShared');
    $('portal-intro').textContent = t(tables, locale, 'introShared');
  }
  document.title = t(tables, locale, 'title');
}

// A quote that cannot be ordered makes the element invalid, and the browser blocks the submit.
quoteEl.addEventListener('invalid', () => {
  submitStatus.textContent = t(tables, locale, 'notReady');
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const quote = JSON.parse(String(new FormData(form).get('quote'))) as Quote;
  const priced = quoteEl.priced;
  const total = priced ? money(priced.totals.total, priced.currency, locale) : '—';
  submitStatus.textContent = t(tables, locale, 'sent', { id: quote.id, lines: String(quote.lines.length), total });
});
quoteEl.addEventListener('cpq-quote-change', () => {
  submitStatus.textContent = '';
});
wirePageSwitches(locale, catalogId, setLocale, (value) => {
  catalogId = value as CatalogId;
  void load(catalogId);
});
// A shared quote is the seller's offer: one quote, nothing to pick a catalog for, nothing to request.
$('catalog-switch').hidden = serviceMode;
$('submit-quote').hidden = serviceMode;
setLocale(locale);
if (serviceMode) void openShared();
else void load(catalogId);
