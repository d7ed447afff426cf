import { isIsoDate } from '../core/dates.js';
import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { stringProblem } from './cloudevent.js';
import type { QuoteError } from './lifecycle-types.js';
import { error, phrase } from './messages.js';
import type { OrderAddress, OrderContact, OrderParty, OrderQuoteFields, OrderSeller, PaymentTerms } from './order-types.js';

/**
 * The fields an ERP sales order needs beyond the priced quote — bill-to and ship-to parties,
 * payment terms, requested delivery dates, the customer's PO number, the seller — read from the
 * quote (and `options.seller`), checked and copied. Each is optional; one that is present must be
 * well formed, or the order is refused with a located error (a typo such as `taxID` included:
 * unknown keys are refused, not dropped). Strings are 1 to `max` characters without control
 * characters (an address has `lines`, not line breaks).
 */

/** What `readOrderFields` found: the quote-level fields, each quote line's requested date, and the seller. */
export interface OrderFields extends OrderQuoteFields {
  lineDates: Map<string, string>;
  seller?: OrderSeller;
}

type Problem = (path: string, en: string, zh: string) => void;

const SHORT = 100;
const LONG = 500;

/** Read and check the ERP fields of `quote` (paths start at `options.quote`) and `seller` (`options.seller`). */
export function readOrderFields(quote: unknown, seller: unknown, locale: string): { ok: true; value: OrderFields } | { ok: false; errors: QuoteError[] } {
  const errors: QuoteError[] = [];
  // The message names the field (its path is beside it in the error).
  const bad: Problem = (path, en, zh) => {
    const leaf = path.slice(path.lastIndexOf('.') + 1);
    errors.push(error(locale, 'invalid-input', path, { what: phrase(locale, `${leaf} ${en}`, `${leaf} ${zh}`) }));
  };
  const out: OrderFields = { lineDates: new Map() };
  const q = 'options.quote';

  const billTo = party(bad, own(quote, 'billTo'), `${q}.billTo`);
  if (billTo) out.billTo = billTo;
  const shipTo = party(bad, own(quote, 'shipTo'), `${q}.shipTo`);
  if (shipTo) out.shipTo = shipTo;
  const terms = paymentTerms(bad, own(quote, 'paymentTerms'), `${q}.paymentTerms`);
  if (terms) out.paymentTerms = terms;
  const date = day(bad, own(quote, 'requestedDate'), `${q}.requestedDate`);
  if (date !== undefined) out.requestedDate = date;
  const reference = text(bad, own(quote, 'customerReference'), `${q}.customerReference`, SHORT);
  if (reference !== undefined) out.customerReference = reference;

  const lines = own(quote, 'lines');
  if (Array.isArray(lines)) {
    lines.forEach((line, i) => {
      const d = day(bad, own(line, 'requestedDate'), `${q}.lines[${i}].requestedDate`);
      const id = own(line, 'id');
      if (d !== undefined && typeof id === 'string') out.lineDates.set(id, d);
    });
  }

  if (seller !== undefined) {
    if (!isRecord(seller)) bad('options.seller', `must be an object { id, name? }, got ${describe(seller)}.`, `必须是对象 { id, name? }，实际为 ${describe(seller)}。`);
    else {
      unknownKeys(bad, seller, 'options.seller', ['id', 'name']);
      const id = text(bad, own(seller, 'id'), 'options.seller.id', 200, true);
      const name = text(bad, own(seller, 'name'), 'options.seller.name', 200);
      if (id !== undefined) out.seller = name === undefined ? { id } : { id, name };
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

function party(bad: Problem, raw: unknown, path: string): OrderParty | undefined {
  if (raw === undefined) return undefined;
  if (!object(bad, raw, path, '{ id?, name?, taxId?, address?, contact? }')) return undefined;
  unknownKeys(bad, raw, path, ['id', 'name', 'taxId', 'address', 'contact']);
  const out: OrderParty = {};
  put(out, 'id', text(bad, own(raw, 'id'), `${path}.id`, SHORT));
  put(out, 'name', text(bad, own(raw, 'name'), `${path}.name`, LONG));
  put(out, 'taxId', text(bad, own(raw, 'taxId'), `${path}.taxId`, 64));
  put(out, 'address', address(bad, own(raw, 'address'), `${path}.address`));
  put(out, 'contact', contact(bad, own(raw, 'contact'), `${path}.contact`));
  return out;
}

function address(bad: Problem, raw: unknown, path: string): OrderAddress | undefined {
  if (raw === undefined) return undefined;
  if (!object(bad, raw, path, '{ lines?, city?, region?, postalCode?, country? }')) return undefined;
  unknownKeys(bad, raw, path, ['lines', 'city', 'region', 'postalCode', 'country']);
  const out: OrderAddress = {};
  const lines = own(raw, 'lines');
  if (lines !== undefined) {
    if (!Array.isArray(lines) || lines.length < 1 || lines.length > 6) {
      bad(`${path}.lines`, `must be a list of 1 to 6 street lines, got ${describe(lines)}.`, `必须是 1 到 6 行街道地址的数组，实际为 ${describe(lines)}。`);
    } else {
      const copy = lines.map((l, i) => text(bad, l, `${path}.lines[${i}]`, 200, true));
      if (copy.every((l) => l !== undefined)) out.lines = copy as string[];
    }
  }
  put(out, 'city', text(bad, own(raw, 'city'), `${path}.city`, SHORT));
  put(out, 'region', text(bad, own(raw, 'region'), `${path}.region`, SHORT));
  put(out, 'postalCode', text(bad, own(raw, 'postalCode'), `${path}.postalCode`, 20));
  const country = own(raw, 'country');
  if (country !== undefined) {
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) bad(`${path}.country`, `must be an ISO 3166-1 alpha-2 code such as "CN", got ${describe(country)}.`, `必须是 ISO 3166-1 二位字母代码（如 "CN"），实际为 ${describe(country)}。`);
    else out.country = country;
  }
  return out;
}

function contact(bad: Problem, raw: unknown, path: string): OrderContact | undefined {
  if (raw === undefined) return undefined;
  if (!object(bad, raw, path, '{ name?, phone?, email? }')) return undefined;
  unknownKeys(bad, raw, path, ['name', 'phone', 'email']);
  const out: OrderContact = {};
  put(out, 'name', text(bad, own(raw, 'name'), `${path}.name`, 200));
  put(out, 'phone', text(bad, own(raw, 'phone'), `${path}.phone`, 50));
  const email = text(bad, own(raw, 'email'), `${path}.email`, 254);
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) bad(`${path}.email`, `must be an e-mail address, got ${describe(email)}.`, `必须是电子邮件地址，实际为 ${describe(email)}。`);
    else out.email = email;
  }
  return out;
}

function paymentTerms(bad: Problem, raw: unknown, path: string): PaymentTerms | undefined {
  if (raw === undefined) return undefined;
  if (!object(bad, raw, path, '{ code?, days?, text? }')) return undefined;
  unknownKeys(bad, raw, path, ['code', 'days', 'text']);
  const out: PaymentTerms = {};
  put(out, 'code', text(bad, own(raw, 'code'), `${path}.code`, 50));
  put(out, 'text', text(bad, own(raw, 'text'), `${path}.text`, LONG));
  const days = own(raw, 'days');
  if (days !== undefined) {
    if (!Number.isSafeInteger(days) || (days as number) < 0 || (days as number) > 3650) bad(`${path}.days`, `must be a whole number of days from 0 to 3650, got ${describe(days)}.`, `必须是 0 到 3650 的整数天数，实际为 ${describe(days)}。`);
    else out.days = days as number;
  }
  if (Object.keys(out).length === 0 && !Object.keys(raw).some((k) => ['code', 'days', 'text'].includes(k))) {
    bad(path, 'must name the terms: a code, days or a text.', '必须写明付款条件：code、days 或 text。');
  }
  return out;
}

function day(bad: Problem, raw: unknown, path: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || !isIsoDate(raw)) {
    bad(path, `must be a date that exists, YYYY-MM-DD, got ${describe(raw)}.`, `必须是存在的日期 YYYY-MM-DD，实际为 ${describe(raw)}。`);
    return undefined;
  }
  return raw;
}

function text(bad: Problem, raw: unknown, path: string, max: number, required = false): string | undefined {
  if (raw === undefined) {
    if (required) bad(path, 'is required (a non-empty string).', '必填（非空字符串）。');
    return undefined;
  }
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > max) {
    bad(path, `must be a non-blank string of at most ${max} characters, got ${describe(raw)}.`, `必须是非空字符串，最多 ${max} 个字符，实际为 ${describe(raw)}。`);
    return undefined;
  }
  const problem = stringProblem(raw);
  if (problem) {
    bad(path, `${problem}.`, `${problem}。`);
    return undefined;
  }
  return raw;
}

function object(bad: Problem, raw: unknown, path: string, shape: string): raw is Record<string, unknown> {
  if (isRecord(raw)) return true;
  bad(path, `must be an object ${shape}, got ${describe(raw)}.`, `必须是对象 ${shape}，实际为 ${describe(raw)}。`);
  return false;
}

function unknownKeys(bad: Problem, raw: Record<string, unknown>, path: string, known: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) bad(`${path}.${key}`, `is not a field here; the fields are ${known.join(', ')}.`, `不是此处的字段；字段为 ${known.join('、')}。`);
  }
}

function put<T extends object, K extends keyof T>(into: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) into[key] = value;
}
