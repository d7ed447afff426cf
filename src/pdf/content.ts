import { Dec } from '../core/decimal.js';
import { fixed, roundTo } from '../core/money.js';
import { fill } from '../core/text.js';
import { amountInWords } from './amount-in-words.js';
import { PdfInputError } from './errors.js';
import type { SourcedText } from './fonts.js';
import { formatDate, formatMoney, formatPercent, formatQty, formatUnitPrice, groupDigits, printedAmount, truthfulPercent } from './format.js';
import type { QuoteParty, ResolvedOptions, SignatureBlock } from './options.js';
import { catalogNames } from './spec.js';
import { labelsFor, type PdfLabels } from './strings.js';
import type { DocLine, DocQuote } from './validate-quote.js';

/** A party block: heading, company name, "label：value" fields. */
export interface PartyContent {
  heading: string;
  name: string;
  fields: string[];
}

/** Table rows: a group heading, a quote line, a section or note line of the quote, or a group subtotal. */
export type RowContent =
  | { kind: 'group'; text: string }
  | { kind: 'line'; cells: string[]; description: string; spec: string; qtyTerm: string; discountNote: string; depth: number; muted: boolean; path: string }
  | { kind: 'text'; style: 'section' | 'note'; text: string }
  | { kind: 'subtotal'; label: string; amount: string };

/** Everything the document prints, as text, before any layout. */
export interface Content {
  labels: PdfLabels;
  title: string;
  headerFields: string[];
  draft?: string;
  buyer?: PartyContent;
  seller?: PartyContent;
  columns: string[];
  rows: RowContent[];
  optionalNote?: string;
  totals: { label: string; value: string; strong?: boolean }[];
  words: string;
  sections: { heading: string; paragraphs: string[] }[];
  signatures?: { heading: string; blocks: SignatureBlock[]; sign: string; date: string; seal: string };
  footerLeft: string;
  /** Every string above with where it came from, for the font coverage check. */
  texts: SourcedText[];
}

function party(heading: string, p: QuoteParty, labels: PdfLabels): PartyContent {
  const fields: string[] = [];
  for (const key of ['address', 'taxId', 'contact', 'phone', 'email', 'bank'] as const) {
    const v = p[key];
    if (v) fields.push(`${labels[key]}${labels.colon}${v}`);
  }
  return { heading, name: p.name, fields };
}

type Placed = { line: DocLine; depth: number; no: string };

/** Lines in print order: grouped by first appearance, each option line right after its parent. */
function ordered(lines: DocLine[]): { group: string; lines: Placed[] }[] {
  const children = new Map<string, DocLine[]>();
  const tops = new Map<string, DocLine[]>();
  const push = (map: Map<string, DocLine[]>, key: string, l: DocLine): void => {
    const list = map.get(key);
    if (list) list.push(l);
    else map.set(key, [l]);
  };
  for (const l of lines) {
    if (l.parentId !== null) push(children, l.parentId, l);
    else push(tops, l.group ?? '', l);
  }
  // Numbers follow the printed order, so they count up without gaps across the groups. An
  // explicit stack, not recursion: a hostile quote may nest thousands of levels deep.
  const out: { group: string; lines: Placed[] }[] = [];
  let n = 0;
  for (const [group, ls] of tops) {
    const into: Placed[] = [];
    for (const top of ls) {
      const stack: Placed[] = [{ line: top, depth: 0, no: String(++n) }];
      while (stack.length) {
        const p = stack.pop()!;
        into.push(p);
        const kids = children.get(p.line.id) ?? [];
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ line: kids[i]!, depth: p.depth + 1, no: `${p.no}.${i + 1}` });
      }
    }
    out.push({ group, lines: into });
  }
  return out;
}

/**
 * A line's discount percent as printed: the priced percent, moved off 0 % or 100 % it does not
 * reach (truthfulPercent). Its exact ratio is on the catalog's price basis; listAmount and
 * netAmount are before tax, which settles it in an exclusive catalog. In a 含税 one they still
 * tell the bounds apart as far as they can: a line charged nothing has a net of 0 exactly when
 * its gross is 0, and a before-tax difference means a gross one. (A gross discount below
 * 0.005 % that the tax split hides prints as no discount, as priced.)
 */
function linePercent(line: DocLine): string {
  if (line.listAmount === undefined) return line.discountPercent;
  return truthfulPercent(line.discountPercent, new Dec(line.listAmount).minus(line.netAmount).toString(), line.listAmount);
}

/**
 * The discount column of a line: the percent the seller entered, with the effective discount off
 * list under it where that differs (a quote discount's share, a price rule: 5% over 实际 6.9%);
 * no percent entered (none, or an amount or a unit price), the effective one alone.
 */
function discountShown(line: DocLine, L: PdfLabels): { shown: string; note: string } {
  const effective = linePercent(line);
  if (line.enteredPercent === undefined) return { shown: formatPercent(effective), note: '' };
  const same = new Dec(line.enteredPercent).eq(effective);
  const note = same || (formatPercent(effective) === '' && new Dec(line.enteredPercent).isZero()) ? '' : fill(L.effectiveDiscount, { percent: formatPercent(effective) || '0%' });
  return { shown: formatPercent(line.enteredPercent) || '0%', note };
}

/**
 * The list and net unit prices as printed: as priced, except a list unit price that is not exact
 * (a graduated blend such as 7,310.00 ÷ 120 = 60.916667, which no catalog states): that is printed
 * rounded to the currency's decimals like every other amount of the contract (60.92), and the net
 * unit price (priced to as many decimals) with it.
 */
function unitPrices(line: DocLine, q: DocQuote): [string, string] {
  if (line.listExact !== false) return [formatUnitPrice(line.listUnitPrice, q.scale), formatUnitPrice(line.netUnitPrice, q.scale)];
  const round = (v: string) => roundTo(new Dec(v), q.scale, q.rounding).toFixed(q.scale);
  return [groupDigits(round(line.listUnitPrice)), groupDigits(round(line.netUnitPrice))];
}

/**
 * The totals, ending with the total the words are written from. Exclusive: list, discount, net,
 * each tax rate, total tax, total. 含税: the table's amounts include tax, so the totals open with
 * their sum (金额合计（含税）) rather than a before-tax figure; then the discount, which the priced
 * quote gives before tax and says so; the amount before tax, each rate, total tax, total. A rate
 * whose base and tax are both 0 (its lines are charged nothing) is left out.
 */
function totalRows(q: DocQuote, L: PdfLabels, money: (v: string) => string, t: (text: string, from: string) => string): Content['totals'] {
  const rows: Content['totals'] = [];
  if (q.inclusive) rows.push({ label: L.totalInclusive, value: money(q.totals.total) });
  else rows.push({ label: L.totalList, value: money(q.totals.list) });
  if (!new Dec(q.totals.discount).isZero()) {
    const pct = formatPercent(truthfulPercent(q.totals.discountPercent, q.totals.discount, q.totals.list));
    const label = q.inclusive ? L.totalDiscountExclusive : L.totalDiscount;
    rows.push({ label: pct ? `${label} (${pct})` : label, value: money(fixed(new Dec(q.totals.discount).neg(), q.scale)) });
  }
  rows.push({ label: q.inclusive ? L.totalNetInclusive : L.totalNet, value: money(q.totals.net) });
  for (const [i, tx] of q.taxes.entries()) {
    if (new Dec(tx.base).isZero() && new Dec(tx.amount).isZero()) continue;
    const name = tx.name ? t(tx.name, `pricedQuote.totals.taxes[${i}].name`) : fill(L.taxRate, { rate: tx.rate });
    rows.push({ label: `${name}  ${fill(L.taxBase, { base: money(tx.base) })}`, value: money(tx.amount) });
  }
  rows.push({ label: L.totalTax, value: money(q.totals.tax) });
  rows.push({ label: L.totalGross, value: money(q.totals.total), strong: true });
  return rows;
}

/** Build the document's text from a checked quote and resolved options. */
export function buildContent(q: DocQuote, o: ResolvedOptions): Content {
  const L = labelsFor(o.locale);
  const texts: SourcedText[] = [];
  const t = (text: string, from: string): string => {
    texts.push({ text, from });
    return text;
  };
  const labels = (...s: string[]): void => {
    for (const x of s) t(x, `the ${o.chinese ? 'Chinese' : 'English'} labels`);
  };
  // Labels first: a character missing from them is reported as the labels', not as the
  // first value printed next to one.
  labels(...Object.values(L).filter((v): v is string => typeof v === 'string'), ...Object.values(L.termUnits), formatDate('2026-01-01', o.chinese), '0123456789.,-%× ·');
  const names = catalogNames(o.catalog, o.locale, L);
  const money = (v: string): string => formatMoney(v, q.currency, o.chinese);
  const field = (label: string, value: string): string => `${label}${L.colon}${value}`;

  const headerFields = [field(L.quoteNo, q.quoteId), field(L.version, String(q.version))];
  if (q.date) headerFields.push(field(L.date, formatDate(q.date, o.chinese)));
  if (q.validUntil) headerFields.push(field(L.validUntil, formatDate(q.validUntil, o.chinese)));
  headerFields.push(field(L.currency, q.currency));
  t(q.quoteId, 'pricedQuote.quoteId');
  t(q.date + (q.validUntil ?? ''), 'pricedQuote.date/validUntil');

  const buyerParty = o.buyer ?? q.customer;
  const buyer = buyerParty && party(L.buyer, buyerParty, L);
  const seller = o.seller && party(L.seller, o.seller, L);
  if (buyer) t([buyer.heading, buyer.name, ...buyer.fields].join(''), o.buyer ? 'options.buyer' : 'pricedQuote.customer');
  if (seller) t([seller.heading, seller.name, ...seller.fields].join(''), 'options.seller');

  // A 含税 catalog's unit prices include tax, as its amounts do: every price column says so.
  const columns = [L.colNo, L.colSku, L.colName, L.colQty, L.colUnit, q.inclusive ? L.colListInclusive : L.colList, L.colDiscount,
    q.inclusive ? L.colNetInclusive : L.colNet, fill(L.colAmount, { basis: q.inclusive ? L.basisInclusive : L.basisExclusive })];

  const rows: RowContent[] = [];
  // Section and note lines print right after the line they follow in the quote (in its group).
  const textsAfter = new Map<string | null, RowContent[]>();
  for (const x of q.textLines) {
    const list = textsAfter.get(x.after) ?? [];
    list.push({ kind: 'text', style: x.kind, text: t(x.text, `${x.path}.text`) });
    textsAfter.set(x.after, list);
  }
  rows.push(...(textsAfter.get(null) ?? []));
  const groups = ordered(q.lines);
  const showGroups = groups.length > 1 || groups[0]?.group !== '';
  let anyOptional = false;
  for (const g of groups) {
    if (showGroups) rows.push({ kind: 'group', text: g.group === '' ? L.otherGroup : t(g.group, `${g.lines[0]!.line.path}.group`) });
    let sum = new Dec(0);
    let counted = false;
    let top: string | undefined;
    for (const { line, depth, no } of g.lines) {
      if (depth === 0) {
        if (top !== undefined) rows.push(...(textsAfter.get(top) ?? []));
        top = line.id;
      }
      const amount = q.inclusive ? line.total : line.netAmount;
      // A locked line is a subscription the customer has already: shown, not charged, not summed.
      if (!line.optional && !line.locked) sum = sum.plus(amount);
      counted ||= !line.optional && !line.locked;
      anyOptional ||= line.optional;
      const tagWord = line.optional ? L.optional : line.included ? L.included : line.locked ? L.locked : line.credit ? L.credit : '';
      const tag = tagWord === '' ? '' : t(o.chinese ? `【${tagWord}】` : `[${tagWord}] `, 'the line tags');
      const spec = o.specs[line.id] ?? names.spec(line);
      const termUnit = line.term === undefined ? undefined : names.termUnit(line.sku);
      const qtyTerm = line.term === undefined ? '' : `× ${formatQty(line.term)}${termUnit && L.termUnits[termUnit] ? ` ${L.termUnits[termUnit]}` : ''}`;
      const [list, net] = unitPrices(line, q);
      const { shown, note } = discountShown(line, L);
      const cells = [no, t(line.sku, `${line.path}.sku`), tag + t(line.name, `${line.path}.name`), formatQty(line.qty), t(line.unit ?? '', `${line.path}.unit`),
        list, shown, net, groupDigits(amount)];
      t(cells.join('') + qtyTerm + note, `${line.path} (numbers)`);
      t(spec, o.specs[line.id] !== undefined ? `options.specs[${JSON.stringify(line.id)}]` : `${line.path}.attributes`);
      const period = line.period ? t(L.period(line.period.start, line.period.end, line.period.label), `${line.path}.proration`) : '';
      const description = [line.description ? t(line.description, `${line.path}.description`) : '', period].filter((x) => x !== '').join(o.chinese ? '；' : '; ');
      rows.push({ kind: 'line', cells, description, spec, qtyTerm, discountNote: note, depth, muted: line.optional, path: line.path });
    }
    if (top !== undefined) rows.push(...(textsAfter.get(top) ?? []));
    // Subtotals only with several groups: under a single group it would repeat the net total.
    // A group of optional lines only has nothing counted: a 小计 0.00 would misstate it.
    if (groups.length > 1 && counted) rows.push({ kind: 'subtotal', label: L.subtotal, amount: groupDigits(fixed(sum, q.scale)) });
  }

  const totals = totalRows(q, L, money, t);
  t(totals.map((r) => r.label + r.value).join(''), 'the totals');

  // The words are written from the very text printed as the total, and that text must be the
  // priced total: what the two lines say can never disagree.
  const printedTotal = totals.at(-1)!.value;
  const amount = printedAmount(printedTotal);
  if (!new Dec(amount).eq(q.totals.total)) throw new Error(`renderQuotePdf: the printed total ${printedTotal} is not the priced total ${q.totals.total}`);
  let inWords: string;
  try {
    inWords = amountInWords(amount, q.currency, o.chinese ? 'zh-CN' : 'en', { renminbi: true });
  } catch (error) {
    throw new PdfInputError('pricedQuote.totals.total', `cannot be written in words: ${(error as Error).message}`);
  }
  const words = `${L.inWords}${L.colon}${inWords}`;
  t(words, 'the amount in words');

  const sections: Content['sections'] = [];
  // The options win over the quote's own fields (a host printing its own standard wording).
  const paymentTerms = o.paymentTerms ?? q.paymentTerms;
  if (paymentTerms) sections.push({ heading: L.paymentTerms, paragraphs: [t(paymentTerms, o.paymentTerms ? 'options.paymentTerms' : 'pricedQuote.paymentTerms.text')] });
  const validity = o.validity ?? (q.validUntil ? fill(L.validityUntil, { date: formatDate(q.validUntil, o.chinese) }) : undefined);
  if (validity) sections.push({ heading: L.validity, paragraphs: [t(validity, o.validity ? 'options.validity' : 'the validity label')] });
  if (q.notes) sections.push({ heading: L.notes, paragraphs: q.notes.split('\n').filter((x) => x.trim() !== '').map((x) => t(x, 'pricedQuote.notes')) });
  if (o.terms.length) {
    const paragraphs = o.terms.map((x, i) => t(o.termsNumbered ? `${i + 1}. ${x}` : x, `options.terms${o.termsNumbered ? `[${i}]` : ''}`));
    sections.push({ heading: L.terms, paragraphs });
  } else if (q.terms) {
    sections.push({ heading: L.terms, paragraphs: q.terms.split('\n').filter((x) => x.trim() !== '').map((x) => t(x, 'pricedQuote.terms')) });
  }

  let signatures: Content['signatures'];
  if (o.signatures !== false) {
    const blocks: SignatureBlock[] = o.signatures === true
      ? [{ title: L.signBuyer, ...(buyerParty ? { party: buyerParty.name } : {}) }, { title: L.signSeller, ...(o.seller ? { party: o.seller.name } : {}) }]
      : o.signatures;
    blocks.forEach((b, i) => t(b.title + (b.party ?? ''), o.signatures === true ? 'the signature blocks' : `options.signatures[${i}]`));
    signatures = { heading: L.signatures, blocks, sign: L.signName + L.colon, date: L.signDate + L.colon, seal: L.seal };
  }

  const title = o.title ?? L.title;
  t(title, o.title ? 'options.title' : 'the title label');
  const footerLeft = `${title} ${q.quoteId} · ${L.version} ${q.version}`;
  const draft = q.orderable ? undefined : L.draft;
  const optionalNote = anyOptional ? L.optionalNote : undefined;

  return { labels: L, title, headerFields, ...(draft ? { draft } : {}), ...(buyer ? { buyer } : {}), ...(seller ? { seller } : {}), columns, rows, ...(optionalNote ? { optionalNote } : {}), totals, words, sections, ...(signatures ? { signatures } : {}), footerLeft, texts };
}
