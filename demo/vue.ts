// The elements hosted by Vue 3 with render functions (h), on the runtime-only build: no
// template compiler, so no `new Function`, which the page's CSP forbids. `.catalog` and
// `.quote` bind DOM properties (`^` would force an attribute), and `onCpqQuoteChange`
// listens to `cpq-quote-change` (Vue hyphenates the name after `on`).
import { createApp, defineComponent, h, markRaw, ref, shallowRef, watch, watchEffect, type VNode } from 'vue';
import '../src/index.js';
import { money } from '../src/components/format.js';
import type { Catalog, CpqQuoteChangeDetail, Quote } from '../src/index.js';
import { catalogFromUrl, CATALOG_IDS, loadSample, type CatalogId } from './shared/data.js';
import { hostStrings, LANGUAGES, NAV_LINKS } from './shared/host-page.js';
import { localeFromUrl, setUrlParam, shared, t, type UiLocale } from './shared/i18n.js';

const tables = [hostStrings, shared];

function toggle(label: string, value: string, options: readonly { value: string; label: string }[], onChange: (v: string) => void): VNode {
  return h('div', { class: 'toggle', role: 'group', 'aria-label': label },
    options.map((o) => h('button', {
      key: o.value, type: 'button', 'aria-pressed': String(o.value === value),
      onClick: () => o.value !== value && onChange(o.value),
    }, o.label)));
}

function card(id: string, title: string, child: VNode): VNode {
  return h('section', { class: 'card', 'aria-labelledby': id }, [h('h2', { id }, title), child]);
}

const App = defineComponent(() => {
  const locale = ref<UiLocale>(localeFromUrl('zh-CN'));
  const catalogId = ref<CatalogId>(catalogFromUrl('crm'));
  // Plain objects, not reactive proxies: the elements keep and compare them by identity.
  const catalog = shallowRef<Catalog>();
  const quote = shallowRef<Quote>();
  const events = ref(0);
  const lastTotal = ref<string>();
  const s = (key: string, params?: Record<string, string>) => t(tables, locale.value, key, params);

  watch(catalogId, async (id) => {
    const sample = await loadSample(id);
    catalog.value = markRaw(sample.catalog);
    quote.value = markRaw(sample.quote);
  }, { immediate: true });

  watchEffect(() => {
    document.documentElement.lang = locale.value;
    document.title = s('titleVue');
  });

  const onQuoteChange = (event: Event) => {
    const { quote: next, priced } = (event as CustomEvent<CpqQuoteChangeDetail>).detail;
    quote.value = markRaw(next);
    events.value++;
    lastTotal.value = priced ? money(priced.totals.total, priced.currency, locale.value) : '—';
  };

  return () => h('div', { class: 'framework-app' }, [
    h('header', { class: 'app-bar' }, [
      h('span', { class: 'brand' }, s('brand')),
      h('nav', { class: 'app-nav', 'aria-label': s('navLabel') },
        NAV_LINKS.map((l) => h('a', { key: l.key, href: l.href, 'aria-current': l.key === 'navVue' ? 'page' : undefined }, s(l.key)))),
      toggle(s('langLabel'), locale.value, LANGUAGES, (v) => {
        setUrlParam('lang', v);
        locale.value = v as UiLocale;
      }),
    ]),
    h('main', { class: 'framework-page' }, [
      h('h1', s('headingVue')),
      h('p', { class: 'intro' }, s('introVue')),
      h('div', { class: 'toolbar' }, [
        toggle(s('catalogLabel'), catalogId.value,
          CATALOG_IDS.map((id) => ({ value: id, label: s(id === 'crm' ? 'catalogCrm' : 'catalogCompressor') })),
          (v) => {
            setUrlParam('catalog', v);
            catalogId.value = v as CatalogId;
          }),
        h('p', { class: 'event-status', role: 'status', id: 'event-status' },
          lastTotal.value ? s('lastEvent', { count: String(events.value), total: lastTotal.value }) : s('noEvent')),
      ]),
      h('cpq-quote', {
        // Bound only once loaded, so the element never sees `undefined`.
        ...(catalog.value && { '.catalog': catalog.value }),
        ...(quote.value && { '.quote': quote.value }),
        '^mode': 'sales',
        '.locale': locale.value,
        onCpqQuoteChange: onQuoteChange,
      }, [
        h('div', { class: 'crm-layout' }, [
          h('div', { class: 'side-col' }, [
            card('h-picker', s('products'), h('cpq-product-picker')),
            card('h-config', s('configure'), h('cpq-configurator')),
          ]),
          h('div', { class: 'main-col' }, [
            card('h-fields', s('fields'), h('cpq-quote-fields')),
            card('h-lines', s('lines'), h('cpq-line-editor')),
            card('h-summary', s('summary'), h('cpq-quote-summary')),
          ]),
        ]),
      ]),
    ]),
  ]);
});

createApp(App).mount('#app');
