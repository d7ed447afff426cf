// The elements hosted by React 19, without JSX: React.createElement. React 19 sets a custom
// element's props as properties when the element has them (`catalog`, `quote`, `mode`,
// `locale` are properties of <cpq-quote>), and a prop `on<event-name>` becomes an event
// listener for exactly that event name: `oncpq-quote-change` listens to `cpq-quote-change`.
import { createElement as h, StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '../src/index.js';
import { money } from '../src/components/format.js';
import type { Catalog, CpqQuoteChangeDetail, Quote } from '../src/index.js';
import { catalogFromUrl, CATALOG_IDS, loadSample, type CatalogId } from './shared/data.js';
import { hostStrings, LANGUAGES, NAV_LINKS } from './shared/host-page.js';
import { localeFromUrl, setUrlParam, shared, t, type UiLocale } from './shared/i18n.js';

const tables = [hostStrings, shared];

function Toggle(props: { label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }): ReactNode {
  return h('div', { className: 'toggle', role: 'group', 'aria-label': props.label },
    props.options.map((o) => h('button', {
      key: o.value, type: 'button', 'aria-pressed': o.value === props.value,
      onClick: () => o.value !== props.value && props.onChange(o.value),
    }, o.label)));
}

function Card(props: { id: string; title: string; children?: ReactNode; className?: string }): ReactNode {
  return h('section', { className: `card ${props.className ?? ''}`, 'aria-labelledby': props.id },
    h('h2', { id: props.id }, props.title), props.children);
}

function App(): ReactNode {
  const [locale, setLocale] = useState<UiLocale>(() => localeFromUrl('zh-CN'));
  const [catalogId, setCatalogId] = useState<CatalogId>(() => catalogFromUrl('crm'));
  const [catalog, setCatalog] = useState<Catalog>();
  const [quote, setQuote] = useState<Quote>();
  const [events, setEvents] = useState(0);
  const [lastTotal, setLastTotal] = useState<string>();
  const s = (key: string, params?: Record<string, string>) => t(tables, locale, key, params);

  useEffect(() => {
    let live = true;
    void loadSample(catalogId).then((sample) => {
      if (!live) return;
      setCatalog(sample.catalog);
      setQuote(sample.quote);
    });
    return () => void (live = false);
  }, [catalogId]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = s('titleReact');
  }, [locale]);

  // The element already holds this quote: handing the same object back changes nothing.
  const onQuoteChange = (event: Event) => {
    const { quote: next, priced } = (event as CustomEvent<CpqQuoteChangeDetail>).detail;
    setQuote(next);
    setEvents((n) => n + 1);
    setLastTotal(priced ? money(priced.totals.total, priced.currency, locale) : '—');
  };

  return h('div', { className: 'framework-app' },
    h('header', { className: 'app-bar' },
      h('span', { className: 'brand' }, s('brand')),
      h('nav', { className: 'app-nav', 'aria-label': s('navLabel') },
        NAV_LINKS.map((l) => h('a', { key: l.key, href: l.href, 'aria-current': l.key === 'navReact' ? 'page' : undefined }, s(l.key)))),
      h(Toggle, {
        label: s('langLabel'), value: locale, options: [...LANGUAGES],
        onChange: (v) => { setUrlParam('lang', v); setLocale(v as UiLocale); },
      })),
    h('main', { className: 'framework-page' },
      h('h1', null, s('headingReact')),
      h('p', { className: 'intro' }, s('introReact')),
      h('div', { className: 'toolbar' },
        h(Toggle, {
          label: s('catalogLabel'), value: catalogId,
          options: CATALOG_IDS.map((id) => ({ value: id, label: s(id === 'crm' ? 'catalogCrm' : 'catalogCompressor') })),
          onChange: (v) => { setUrlParam('catalog', v); setCatalogId(v as CatalogId); },
        }),
        h('p', { className: 'event-status', role: 'status', id: 'event-status' },
          lastTotal ? s('lastEvent', { count: String(events), total: lastTotal }) : s('noEvent'))),
      // Set only once loaded: React would set `undefined` otherwise.
      h('cpq-quote', { ...(catalog && { catalog }), ...(quote && { quote }), mode: 'sales', locale, 'oncpq-quote-change': onQuoteChange },
        h('div', { className: 'crm-layout' },
          h('div', { className: 'side-col' },
            h(Card, { id: 'h-picker', title: s('products') }, h('cpq-product-picker')),
            h(Card, { id: 'h-config', title: s('configure') }, h('cpq-configurator'))),
          h('div', { className: 'main-col' },
            h(Card, { id: 'h-fields', title: s('fields') }, h('cpq-quote-fields')),
            h(Card, { id: 'h-lines', title: s('lines') }, h('cpq-line-editor')),
            h(Card, { id: 'h-summary', title: s('summary') }, h('cpq-quote-summary')))))));
}

createRoot(document.getElementById('app')!).render(h(StrictMode, null, h(App)));
