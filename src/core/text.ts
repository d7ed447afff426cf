import { isRecord } from './object.js';

/**
 * Resolve localized text: the exact tag, then its language (`zh` for `zh-CN`), then the
 * catalog's default locale, then the first entry.
 */
export function localize(text: unknown, locale: string, fallbackLocale?: string): string {
  if (typeof text === 'string') return text;
  if (!isRecord(text)) return '';
  const hit = pick(text, locale) ?? (fallbackLocale ? pick(text, fallbackLocale) : undefined);
  if (hit !== undefined) return hit;
  for (const v of Object.values(text)) if (typeof v === 'string') return v;
  return '';
}

function pick(text: Record<string, unknown>, tag: string): string | undefined {
  const exact = Object.prototype.hasOwnProperty.call(text, tag) ? text[tag] : undefined;
  if (typeof exact === 'string') return exact;
  const lang = tag.split('-')[0]!;
  for (const [k, v] of Object.entries(text)) {
    if (typeof v === 'string' && k.split('-')[0] === lang) return v;
  }
  return undefined;
}

/** True when the locale is a Chinese one (the kit's messages come in zh-CN and en). */
export function isChinese(locale: string): boolean {
  // "zh" in either case, read without a lower-cased copy (this runs for every figure a page formats).
  return locale.length >= 2 && (locale.charCodeAt(0) | 32) === 122 && (locale.charCodeAt(1) | 32) === 104;
}

/** Fill `{name}` slots of a message template; unknown slots stay visible. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : `{${name}}`));
}
