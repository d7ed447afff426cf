// The customer self-service portal: the same elements in `mode="self-service"` (no internal
// figures, no manual discounts), inside a form: `<cpq-quote name="quote">` is form-associated,
// so the form submits the quote JSON and refuses to submit a quote that cannot be ordered.
import '../src/index.js';
import fontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import { money } from '../src/components/format.js';
import type { CpqQuote, Quote } from '../src/index.js';
import { catalogFromUrl, loadSample, type CatalogId } from './shared/data.js';
import { applyText, localeFromUrl, shared, t, wirePageSwitches, type Table, type UiLocale } from './shared/i18n.js';

const page: Table = {
  en: {
    title: 'Customer portal · cpq-kit demo', skip: 'Skip to the shop', heading: 'Build your order',
    intro: 'Pick a product, configure it, and request a quote — prices update as you go.',
    signedIn: 'Signed in as', shopLabel: 'Shop', products: '1 · Choose products', configure: '2 · Configure',
    cart: '3 · Your cart', summary: 'Order summary', submit: 'Request this quote', actions: 'Order online',
    sent: 'Thank you! Quote {id} ({lines} lines, {total}) was sent to your account manager.',
    notReady: 'Please fix the problems shown in your cart first.',
  },
  'zh-CN': {
    title: '客户门户 · cpq-kit 演示', skip: '跳到选购', heading: '自助选购下单',
    intro: '选择产品、完成配置并申请报价——价格随选随算。',
    signedIn: '当前客户', shopLabel: '商店', products: '1 · 选择产品', configure: '2 · 配置',
    cart: '3 · 购物车', summary: '订单汇总', submit: '申请此报价', actions: '在线下单',
    sent: '谢谢！报价 {id}（{lines} 行，{total}）已发送给您的客户经理。',
    notReady: '请先处理购物车中提示的问题。',
  },
};
const tables = [page, shared];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const quoteEl = $<CpqQuote>('quote-area');
const form = $<HTMLFormElement>('order-form');
const submitStatus = $('submit-status');
let locale: UiLocale = localeFromUrl('en');
let catalogId: CatalogId = catalogFromUrl('crm');
document.querySelector('cpq-quote-actions')!.fontUrl = fontUrl;

async function load(id: CatalogId): Promise<void> {
  const status = $('load-status');
  status.textContent = t(tables, locale, 'loading');
  submitStatus.textContent = '';
  try {
    const { catalog, quote } = await loadSample(id, 'portal');
    quoteEl.catalog = catalog;
    quoteEl.quote = quote;
    const customer = String((quote.customer as Record<string, unknown> | undefined)?.name ?? '—');
    $('customer-name').textContent = customer;
    quoteEl.actor = customer;
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
setLocale(locale);
void load(catalogId);
