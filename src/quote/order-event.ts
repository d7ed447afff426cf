import { isRecord, own } from '../core/object.js';
import { describe } from '../core/parse.js';
import { pricePrepared } from '../pricing/price-prepared.js';
import { prepareCatalog } from '../rules/prepare-catalog.js';
import type { PricedQuote } from '../types.js';
import { quoteDigest } from './digest.js';
import type { QuoteError, QuoteSnapshot } from './lifecycle-types.js';
import { pendingApprovals, prepare, versionOf } from './lifecycle-input.js';
import { checkState, describePending } from './lifecycle-move.js';
import { error, phrase, stateName } from './messages.js';
import { orderData } from './order-data.js';
import { readOrderFields } from './order-fields.js';
import { orderEventId } from './order-id.js';
import { ORDER_DATA_SCHEMA, ORDER_EVENT_TYPE, orderTypeSuffix, type OrderEvent, type OrderEventOptions, type OrderEventResult } from './order-types.js';
import { isTimestamp } from './validity.js';
import { stringProblem } from './cloudevent.js';
import { uriReferenceProblem } from './uri-reference.js';

/** Thrown by `toOrderEvent` when the quote cannot be ordered: `errors` says why, each located. */
export class OrderRefusedError extends Error {
  override name = 'OrderRefusedError';
  /** Every reason, with a stable `code`, a `path` into the arguments and a message. */
  readonly errors: QuoteError[];

  /** The refusal for `errors`, its message (`path: message` lines) in `locale`'s language. */
  constructor(errors: QuoteError[], locale = 'en') {
    const list = errors.map((e) => `${e.path || '(root)'}: ${e.message}`);
    super([phrase(locale, 'The quote cannot be ordered:', '报价单不能下单：'), ...list].join('\n'));
    this.errors = errors;
  }
}

/**
 * The order event of an accepted quote: a CloudEvents 1.0 event in structured JSON mode, its
 * `id` stable per quote id and version (the idempotency key), its `data` described by
 * `schemas/order-event.schema.json`. The quote is priced again from the catalog, and the event
 * is refused unless that pricing is orderable, equals the priced quote given, and is what the
 * customer accepted with every approval given: then it throws `OrderRefusedError`, whose
 * `errors` are located (`tryOrderEvent` returns them instead). Synchronous and pure.
 *
 * @example
 * const event = toOrderEvent(catalog, priced, { quote: acceptedQuote, source: 'https://crm.example.com/quotes' });
 * await fetch(endpoint, { method: 'POST', body: JSON.stringify(event),
 *   headers: { 'Content-Type': 'application/cloudevents+json', 'Idempotency-Key': event.id } });
 */
export function toOrderEvent(catalog: unknown, priced: PricedQuote, options: OrderEventOptions): OrderEvent {
  const result = tryOrderEvent(catalog, priced, options);
  if (result.ok) return result.event;
  throw new OrderRefusedError(result.errors, localeOf(options));
}

/**
 * `toOrderEvent` without the throw: `{ ok: true, event }`, or `{ ok: false, errors }` with every
 * reason located (bad input too). Never throws.
 *
 * @example
 * const result = tryOrderEvent(catalog, priced, { quote: acceptedQuote });
 * if (!result.ok) for (const e of result.errors) console.warn(`${e.path}: ${e.message}`);
 */
export function tryOrderEvent(catalog: unknown, priced: PricedQuote, options: OrderEventOptions): OrderEventResult {
  const locale = localeOf(options);
  try {
    return build(catalog, priced, options, locale);
  } catch (e) {
    // A bug, or input no check foresaw (a throwing getter, a proxy): still a located refusal.
    const why = reason(e);
    return { ok: false, errors: [{ code: 'internal-error', path: '', message: phrase(locale, `The order event could not be built: ${why}`, `无法生成订单事件：${why}`) }] };
  }
}

/** What was thrown, as text (whatever was thrown). */
function reason(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unreadable exception';
  }
}

/** The locale of the messages: the option's, else the quote's, else English. */
function localeOf(options: unknown): string {
  try {
    const optLocale = own(options, 'locale');
    const quoteLocale = own(own(options, 'quote'), 'locale');
    return typeof optLocale === 'string' ? optLocale : typeof quoteLocale === 'string' ? quoteLocale : 'en';
  } catch {
    return 'en';
  }
}

function build(catalog: unknown, priced: PricedQuote, options: OrderEventOptions, locale: string): OrderEventResult {
  const quote = own(options, 'quote');
  const errors: QuoteError[] = [];
  const bad = (path: string, en: string, zh: string) => errors.push(error(locale, 'invalid-input', path, { what: phrase(locale, en, zh) }));
  if (!isRecord(options)) bad('options', `The options must be an object { quote, source?, type?, time? }, got ${describe(options)}.`, `options 必须是对象 { quote, source?, type?, time? }，实际为 ${describe(options)}。`);
  if (!isRecord(priced)) bad('pricedQuote', `The priced quote must be the object priceQuote returns, got ${describe(priced)}.`, `定价结果必须是 priceQuote 返回的对象，实际为 ${describe(priced)}。`);
  const source = own(options, 'source') ?? '/cpq-kit';
  const sourceProblem = typeof source !== 'string' || source === '' ? undefined : uriReferenceProblem(source) ?? stringProblem(source);
  if (typeof source !== 'string' || source === '') {
    bad('options.source', `source must be a non-empty URI reference (RFC 3986) naming the host application, such as "https://crm.example.com/quotes" or "/cpq-kit", got ${describe(source)}.`, `source 必须是非空的 URI 引用（RFC 3986），指明宿主应用，如 "https://crm.example.com/quotes" 或 "/cpq-kit"，实际为 ${describe(source)}。`);
  } else if (sourceProblem) {
    bad('options.source', `source must be a URI reference (RFC 3986), such as "https://crm.example.com/quotes" or "/cpq-kit"; ${describe(source)} is not one: ${sourceProblem}.`, `source 必须是 URI 引用（RFC 3986），如 "https://crm.example.com/quotes" 或 "/cpq-kit"；${describe(source)} 不是（${sourceProblem}）。`);
  }
  // verifyOrder recognises an order event by its type's ending; a host may prefix its own domain.
  // An amendment's or renewal's order says so in its type (issue 16): …order.amended, …order.renewed.
  const suffix = orderTypeSuffix(own(quote, 'kind'));
  const type = own(options, 'type') ?? (suffix === 'order.created' ? ORDER_EVENT_TYPE : `cpq-kit.${suffix}`);
  if (typeof type !== 'string' || !type.endsWith(suffix) || stringProblem(type)) bad('options.type', `type must end in "${suffix}" (e.g. "com.example.${suffix}"), without control characters, got ${describe(type)}.`, `type 必须以 "${suffix}" 结尾（如 "com.example.${suffix}"），且不含控制字符，实际为 ${describe(type)}。`);
  // The quote id is the event's subject, a CloudEvents String.
  const quoteId = own(quote, 'id');
  const idProblem = typeof quoteId === 'string' ? stringProblem(quoteId) : undefined;
  if (idProblem) bad('options.quote.id', `The quote id becomes the event's subject, a CloudEvents string: ${idProblem}.`, `报价单编号是事件的 subject（CloudEvents 字符串）：${idProblem}。`);
  const time = own(options, 'time');
  if (time !== undefined && !isTimestamp(time)) bad('options.time', `time must be an RFC 3339 date-time with offset, got ${describe(time)}.`, `time 必须是带时区的 RFC 3339 时间，实际为 ${describe(time)}。`);
  const latest = own(options, 'latestVersion');
  if (latest !== undefined && !Number.isSafeInteger(latest)) bad('options.latestVersion', `latestVersion must be a whole number, got ${describe(latest)}.`, `latestVersion 必须是整数，实际为 ${describe(latest)}。`);
  // The fields an ERP sales order needs (bill-to, ship-to, payment terms, dates, PO, seller).
  const contract = own(options, 'contract');
  const contractOk = isRecord(contract) && typeof own(contract, 'id') === 'string' && own(contract, 'id') !== '' && !stringProblem(own(contract, 'id') as string)
    && Number.isSafeInteger(own(contract, 'version')) && (own(contract, 'version') as number) >= 1;
  if (contract !== undefined && !contractOk) bad('options.contract', `contract must be { id: a non-empty string, version: a whole number ≥ 1 }, got ${describe(contract)}.`, `contract 必须是 { id：非空字符串，version：不小于 1 的整数 }，实际为 ${describe(contract)}。`);
  const fields = readOrderFields(quote, own(options, 'seller'), locale);
  if (!fields.ok) errors.push(...fields.errors);
  if (errors.length > 0 || !fields.ok) return { ok: false, errors };

  // The event's time is the acceptance's unless given: building the event again gives the same event.
  const accepted = own(own(own(quote, 'lifecycle'), 'acceptance'), 'at');
  const at = (time as string | undefined) ?? (isTimestamp(accepted) ? accepted : '1970-01-01T00:00:00Z');
  const prepared = prepare(quote, { at, actor: 'cpq-kit', locale });
  if (!prepared.ok) return refuse(...prepared.errors);
  const p = prepared.value;
  if (typeof latest === 'number' && latest > p.version) return refuse(error(locale, 'superseded', 'options.latestVersion', { version: p.version, newer: latest }));
  const stateError = checkState(p, 'order', ['accepted', 'ordered']);
  if (stateError?.code === 'invalid-transition' || stateError?.code === 'expired') {
    return refuse(error(locale, 'not-accepted', 'options.quote.lifecycle.state', { state: stateName(locale, p.state) }));
  }
  if (stateError && p.stored !== 'ordered') return refuse(stateError);
  const acceptance = p.lifecycle.acceptance;
  if (!acceptance || !isTimestamp(acceptance.at)) {
    return refuse(error(locale, 'invalid-lifecycle', 'options.quote.lifecycle.acceptance', { what: phrase(locale, 'an accepted quote needs an acceptance { by, at, digest }', '已接受的报价单需要 acceptance { by, at, digest }') }));
  }

  const pricedId = own(priced, 'quoteId');
  const pricedVersion = own(priced, 'version');
  if (pricedId !== p.quote.id || pricedVersion !== versionOf(p.quote)) {
    return refuse(error(locale, 'priced-mismatch', 'pricedQuote', { other: `${describe(pricedId)} v${describe(pricedVersion)}`, quote: `${p.quote.id} v${p.version}` }));
  }
  const cat = prepareCatalog(catalog);
  if (!cat.ok) return { ok: false, errors: cat.errors.slice(0, 20).map((e) => error(locale, 'invalid-catalog', `catalog.${e.path}`.replace(/\.$/, ''), { path: e.path || '(root)', what: e.message })) };
  if (own(priced, 'orderable') !== true) return refuse(notOrderable(locale, priced));

  const pricedDate = own(priced, 'date');
  const pricedLocale = own(priced, 'locale');
  const repriced = pricePrepared(cat.catalog, p.quote, {
    ...(typeof pricedLocale === 'string' ? { locale: pricedLocale } : {}),
    ...(typeof pricedDate === 'string' ? { today: pricedDate } : {}),
  });
  if (!repriced.orderable) return refuse(notOrderable(locale, repriced));
  const digest = quoteDigest(repriced);
  if (digest !== quoteDigest(priced)) return refuse(error(locale, 'priced-stale', 'pricedQuote'));
  if (digest !== acceptance.digest) return refuse(error(locale, 'changed-since-acceptance', 'options.quote.lifecycle.acceptance.digest'));
  const snap: QuoteSnapshot = { quoteId: repriced.quoteId, version: repriced.version, digest, orderable: true, approvals: repriced.approvals };
  if (pendingApprovals(p.lifecycle, snap).length > 0) {
    return refuse(error(locale, 'approval-pending', 'options.quote.lifecycle.approvals', { list: describePending(p, snap) }));
  }

  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: orderEventId(repriced.quoteId, repriced.version),
      source: source as string,
      type: type as string,
      subject: repriced.quoteId,
      time: (time as string | undefined) ?? acceptance.at,
      datacontenttype: 'application/json',
      dataschema: ORDER_DATA_SCHEMA,
      data: orderData(cat.catalog, p.quote, repriced, p.lifecycle, digest, own(options, 'forCustomer') === true, fields.value, contractOk ? { id: own(contract, 'id') as string, version: own(contract, 'version') as number } : undefined),
    },
  };
}

/** A refusal; the lifecycle's paths start at the quote, which is `options.quote` here. */
function refuse(...errors: QuoteError[]): OrderEventResult {
  return { ok: false, errors: errors.map((e) => (e.path === 'quote' || e.path.startsWith('quote.') ? { ...e, path: `options.${e.path}` } : e)) };
}

function notOrderable(locale: string, priced: unknown): QuoteError {
  const issues = own(priced, 'issues');
  const first = Array.isArray(issues) ? issues.find((i) => own(i, 'severity') === 'error') : undefined;
  const text = own(first, 'message');
  return error(locale, 'not-orderable', 'pricedQuote.orderable', { what: typeof text === 'string' ? text : '—' });
}
