// The host pages' own strings (the elements bring theirs). Static text in the HTML carries
// `data-i18n="key"`; `applyText()` fills it, so the pages need no inline script.
import { uiLocale, type UiLocale } from '../../src/components/i18n.js';

export type { UiLocale };
export type Table = Record<UiLocale, Record<string, string>>;

/** Strings every demo page uses (the app bar, the switches). */
export const shared: Table = {
  'zh-CN': {
    brand: '云帆 CRM',
    navCrm: '商机',
    navPortal: '客户门户',
    navReact: 'React 宿主',
    navVue: 'Vue 宿主',
    navLabel: '演示页面',
    langLabel: '语言',
    catalogLabel: '产品目录',
    catalogCrm: 'CRM SaaS',
    catalogCompressor: '空压机',
    loading: '加载中…',
    loadFailed: '示例数据加载失败：{message}',
    signInAs: '登录身份',
    userSeller: '王涛（销售）',
    userManager: '李经理（销售经理）',
    userDirector: '赵总监（销售总监）',
    userFinance: '钱财务（财务）',
  },
  en: {
    brand: 'Yunfan CRM',
    navCrm: 'Opportunity',
    navPortal: 'Customer portal',
    navReact: 'React host',
    navVue: 'Vue host',
    navLabel: 'Demo pages',
    langLabel: 'Language',
    catalogLabel: 'Catalog',
    catalogCrm: 'CRM SaaS',
    catalogCompressor: 'Air compressors',
    loading: 'Loading…',
    loadFailed: 'Could not load the sample data: {message}',
    signInAs: 'Signed in as',
    userSeller: 'Wang Tao (seller)',
    userManager: 'Li (sales manager)',
    userDirector: 'Zhao (sales director)',
    userFinance: 'Qian (finance)',
  },
};

/** `?lang=en` or `?lang=zh-CN`; otherwise the page's default. */
export function localeFromUrl(fallback: UiLocale): UiLocale {
  const wanted = new URLSearchParams(location.search).get('lang');
  return wanted ? uiLocale(wanted) : fallback;
}

/** Remember a choice in the address (so a reload or a shared link keeps it). */
export function setUrlParam(name: string, value: string): void {
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(null, '', url);
}

/** One string from the page's table, else the shared one, with `{name}` placeholders filled. */
export function t(tables: Table[], locale: UiLocale, key: string, params?: Record<string, string>): string {
  const raw = tables.map((table) => table[locale][key]).find((s) => s !== undefined) ?? key;
  return params ? raw.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m) : raw;
}

/** Fill every `[data-i18n]` element's text (and `[data-i18n-label]` aria-labels) under `root`. */
export function applyText(root: ParentNode, tables: Table[], locale: UiLocale): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(tables, locale, el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(tables, locale, el.dataset.i18nLabel!));
  document.documentElement.lang = locale;
}

/**
 * Wire a group of `<button data-value>` as a single-choice switch (aria-pressed), calling
 * `onChange` with the chosen value.
 */
export function wireToggle(group: HTMLElement, current: string, onChange: (value: string) => void): (value: string) => void {
  const buttons = [...group.querySelectorAll<HTMLButtonElement>('button[data-value]')];
  const show = (value: string) => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === value));
  };
  show(current);
  for (const b of buttons) {
    b.addEventListener('click', () => {
      if (b.getAttribute('aria-pressed') === 'true') return;
      show(b.dataset.value!);
      onChange(b.dataset.value!);
    });
  }
  return show;
}

/**
 * The page's two switches — language (`#lang-switch`, `?lang=`) and sample catalog
 * (`#catalog-switch`, `?catalog=`) — kept in the URL so a reload shows the same page.
 */
export function wirePageSwitches(locale: UiLocale, catalog: string, onLocale: (l: UiLocale) => void, onCatalog: (c: string) => void): void {
  wireToggle(document.getElementById('lang-switch')!, locale, (value) => {
    setUrlParam('lang', value);
    onLocale(value as UiLocale);
  });
  wireToggle(document.getElementById('catalog-switch')!, catalog, (value) => {
    setUrlParam('catalog', value);
    onCatalog(value);
  });
}
