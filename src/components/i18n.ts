/**
 * UI text in the kit's two first-class locales. Each element keeps its own table (so an element
 * file says what it shows); `text()` picks zh-CN for any `zh*` locale and en otherwise, and
 * fills `{name}` placeholders. Catalog text is localized by the core, never here.
 */
export type UiLocale = 'zh-CN' | 'en';

export type Strings<K extends string> = Record<UiLocale, Record<K, string>>;

/** The UI locale for a requested locale: Chinese for any `zh` tag, English otherwise. */
export function uiLocale(locale: string | undefined): UiLocale {
  return locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}

/** One string of `table` in `locale`, with `{name}` placeholders filled from `params`. */
export function text<K extends string>(table: Strings<K>, locale: string | undefined, key: K, params?: Record<string, string | number>): string {
  const raw = table[uiLocale(locale)][key];
  return params ? raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : raw;
}

/** Strings every element uses. */
export const common: Strings<'loading' | 'noCatalog' | 'error' | 'warning' | 'optional' | 'included' | 'auto'> = {
  'zh-CN': { loading: '加载中…', noCatalog: '尚未加载产品目录', error: '错误', warning: '提示', optional: '可选', included: '已含', auto: '自动' },
  en: { loading: 'Loading…', noCatalog: 'No catalog loaded', error: 'Error', warning: 'Warning', optional: 'Optional', included: 'Included', auto: 'Auto' },
};
