/**
 * Numbers for people. Amounts stay decimal strings to the last step: `Intl.NumberFormat`
 * formats a numeric string exactly (no float on the way), with the currency's minor units.
 */
const cache = new Map<string, Intl.NumberFormat>();

/**
 * A cached formatter; undefined when Intl refuses the locale or the options (a catalog without a
 * currency code, or with one that is not ISO 4217: the catalog's own error says so, and the
 * figures are still shown, plainly, rather than an uncaught RangeError from a render).
 */
function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat | undefined {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      return undefined;
    }
    cache.set(key, f);
  }
  return f;
}

/** `Intl.NumberFormat#format` takes decimal strings (ES2023 Intl.NumberFormat v3); the lib types lag. */
type Exact = (value: string) => string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A money amount such as `"140644.00"` as `¥140,644.00` / `CN¥140,644.00`; anything else as given. */
export function money(amount: string | undefined, currency: string, locale: string): string {
  if (amount === undefined) return '';
  if (!DECIMAL.test(amount)) return amount;
  const f = formatter(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
  if (!f) return typeof currency === 'string' && currency !== '' ? `${decimal(amount, locale)} ${currency}` : decimal(amount, locale);
  return (f.format as unknown as Exact)(amount);
}

/** A quantity or other plain decimal, grouped, with every decimal it has. */
export function decimal(value: string | undefined, locale: string): string {
  if (value === undefined) return '';
  if (!DECIMAL.test(value)) return value;
  const f = formatter(locale, { maximumFractionDigits: 20 }) ?? formatter('en', { maximumFractionDigits: 20 })!;
  return (f.format as unknown as Exact)(value);
}

/** A percent given in percent units (`"12.50"` → `12.5%`). */
export function percent(value: string | undefined, locale: string): string {
  if (value === undefined) return '';
  if (!DECIMAL.test(value)) return value;
  // Shift the decimal point in the string: no float multiplication.
  return `${decimal(value, locale)}%`;
}
