import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import type { Issue, PricedLine, PricedQuote, PricedTextLine } from '../types.js';
import { message, phrase } from './messages.js';

/**
 * The quote's own words: its payment terms, notes and terms for the document, its section and
 * note lines, and each line's description. None of them is money: pricing checks them (a string,
 * not too long, no control characters but line breaks and tabs), copies them onto the priced
 * quote, and keeps each section or note line's place among the priced lines.
 */

import { TEXT_LIMITS } from './text-limits.js';

export { TEXT_LIMITS } from './text-limits.js';

/** The quote's own free-text fields, in the order the document prints them (after `paymentTerms`). */
export const QUOTE_TEXT_FIELDS = ['notes', 'terms'] as const;

/** The most days net payment terms may give. */
export const MAX_TERMS_DAYS = 3650;

/** A quote line's own id: a non-empty string, else undefined (pricing then calls it `#n`, by its place). */
export function ownLineId(line: unknown): string | undefined {
  const id = own(line, 'id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A section (heading) or note line: no SKU, no money. */
export function isTextLine(line: unknown): boolean {
  const kind = own(line, 'kind');
  return kind === 'section' || kind === 'note';
}

// C0 controls and DEL, but tab, line feed and carriage return, which a note may hold.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A text's problem in words, or undefined when it is a string within `limit` code points. */
export function textProblem(value: unknown, limit: number, locale: string): string | undefined {
  if (typeof value !== 'string') return phrase(locale, `must be text, got ${describe(value)}`, `必须是文本，实际为 ${describe(value)}`);
  let count = 0;
  for (const _ of value) if (++count > limit) break;
  if (count > limit) return phrase(locale, `is longer than ${limit} characters`, `超过 ${limit} 个字符`);
  if (CONTROL.test(value)) return phrase(locale, 'holds a control character', `含有控制字符`);
  return undefined;
}

const FIELD_NAMES: Record<(typeof QUOTE_TEXT_FIELDS)[number] | 'text' | 'description' | 'code', [string, string]> = {
  code: ['payment terms code', '付款条件代码'], notes: ['notes', '备注'], terms: ['terms', '条款'],
  text: ['text', '文字'], description: ['description', '描述'],
};

/**
 * Check the quote's text and put it on the priced quote: the text fields, the section and note
 * lines (`textLines`, each after the top-level line it follows) and the lines' descriptions.
 * Problems are errors located by path (`notes`, `lines[3].text`).
 */
export function attachText(priced: PricedQuote, quote: Record<string, unknown>, rawLines: readonly unknown[], locale: string): void {
  const fail = (path: string, what: string, lineId?: string) => {
    const entry: Issue = lineId === undefined
      ? { severity: 'error', code: 'invalid-quote', path, message: message(locale, 'invalid-quote', { what }) }
      : { severity: 'error', code: 'invalid-line', path, lineId, message: message(locale, 'invalid-line', { line: lineId, what }) };
    priced.issues.push(entry);
    priced.orderable = false;
  };
  const named = (key: keyof typeof FIELD_NAMES, problem: string) => phrase(locale, `${FIELD_NAMES[key][0]} ${problem}`, `${FIELD_NAMES[key][1]}${problem}`);

  for (const key of QUOTE_TEXT_FIELDS) {
    const value = own(quote, key);
    if (value === undefined || value === null) continue;
    const problem = textProblem(value, TEXT_LIMITS[key], locale);
    if (problem) fail(key, named(key, problem));
    else if (value !== '') priced[key] = value as string;
  }

  // Payment terms are a sales-order field too, refused at the order (order-fields.ts) and by the
  // service's schema; here a malformed one is left off the document with a warning.
  const terms = readPaymentTerms(own(quote, 'paymentTerms'), locale, (path, what) => {
    priced.issues.push({ severity: 'warning', code: 'invalid-quote', path, message: message(locale, 'invalid-quote', { what }) });
  }, named);
  if (terms) priced.paymentTerms = terms;

  // Top-level priced lines come in quote order, one per product line.
  const tops = priced.lines.filter((l) => l.parentId === null);
  let next = 0;
  let after: PricedLine | null = null;
  const textLines: PricedTextLine[] = [];
  rawLines.forEach((raw, i) => {
    if (!isTextLine(raw)) {
      // Every other line, even one pricing refused, has its top-level priced line.
      after = tops[next++] ?? after;
      if (!isRecord(raw) || own(raw, 'kind') === undefined) {
        const description = own(raw, 'description');
        if (description === undefined || description === null || !after) return;
        const problem = textProblem(description, TEXT_LIMITS.description, locale);
        if (problem) fail(`lines[${i}].description`, named('description', problem), after.id);
        // A line kept from an earlier run (frozen: finish.ts) has this description already: its text is in the memo's key.
        else if (description !== '' && after.description !== description) after.description = description as string;
        return;
      }
      fail(`lines[${i}].kind`, phrase(locale, `kind must be "section" or "note" (or absent for a product), got ${describe(own(raw, 'kind'))}`,
        `类型必须是 "section" 或 "note"（产品行不写），实际为 ${describe(own(raw, 'kind'))}`), ownLineId(raw) ?? `#${i + 1}`);
      return;
    }
    const given = ownLineId(raw);
    const id = given ?? `#${i + 1}`;
    if (given === undefined) fail(`lines[${i}].id`, phrase(locale, 'has no id (a non-empty string)', '缺少行号（非空字符串）'), id);
    const text = own(raw, 'text');
    const problem = textProblem(text ?? '', TEXT_LIMITS.text, locale);
    if (problem) return fail(`lines[${i}].text`, named('text', problem), id);
    const line: PricedTextLine = { id, kind: own(raw, 'kind') as PricedTextLine['kind'], text: (text ?? '') as string, after: (after as PricedLine | null)?.id ?? null };
    const group = own(raw, 'group');
    if (typeof group === 'string' && group !== '') line.group = group;
    textLines.push(line);
  });
  if (textLines.length > 0) priced.textLines = textLines;
}

/** `paymentTerms { code?, days?, text? }` checked (unknown keys refused, as the sales order does). */
function readPaymentTerms(raw: unknown, locale: string, fail: (path: string, what: string) => void, named: (key: 'code' | 'description', problem: string) => string): PricedQuote['paymentTerms'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    fail('paymentTerms', phrase(locale, `payment terms must be an object { code?, days?, text? }, got ${describe(raw)}`, `付款条件必须是对象 { code?, days?, text? }，实际为 ${describe(raw)}`));
    return undefined;
  }
  const out: NonNullable<PricedQuote['paymentTerms']> = {};
  let ok = true;
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const path = `paymentTerms.${key}`;
    let problem: string | undefined;
    if (key === 'code') problem = textProblem(value, TEXT_LIMITS.paymentTermsCode, locale);
    else if (key === 'text') problem = textProblem(value, TEXT_LIMITS.paymentTermsText, locale);
    else if (key === 'days') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_TERMS_DAYS) {
        problem = phrase(locale, `must be a whole number from 0 to ${MAX_TERMS_DAYS}, got ${describe(value)}`, `必须是 0 到 ${MAX_TERMS_DAYS} 的整数，实际为 ${describe(value)}`);
      }
    } else problem = phrase(locale, 'is not a field of payment terms (code, days, text)', '不是付款条件的字段（code、days、text）');
    if (problem) {
      ok = false;
      fail(path, key === 'days' ? phrase(locale, `payment terms days ${problem}`, `付款天数${problem}`) : key === 'code' ? named('code', problem) : phrase(locale, `payment terms ${key} ${problem}`, `付款条件 ${key} ${problem}`));
    } else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return ok && Object.keys(out).length > 0 ? out : undefined;
}
