import { describe } from '../core/parse.js';
import { isRecord, own } from '../core/object.js';
import { isQuoteState, STATES } from '../quote/lifecycle-input.js';
import type { Lifecycle } from '../quote/lifecycle-types.js';
import { ATTACHMENT_MODES, type AttachmentMode } from './customer-copy.js';
import { DOCUMENT_STATUSES, type DocumentStatus } from './document-status.js';
import { PdfInputError } from './errors.js';
import { cleanText } from './format.js';
import type { QuoteParty, ResolvedOptions, SignatureBlock } from './options.js';

/** Longest text accepted in one option: more is a mistake or an attack, not a document. */
const MAX_TEXT = 20_000;
/** Names and titles sit in the page head and in fixed boxes: they must stay a few lines. */
const MAX_NAME = 300;
const PAGE_SIZES: Record<string, [number, number]> = { A4: [595.28, 841.89], Letter: [612, 792] };
const OPTION_KEYS = ['seller', 'buyer', 'locale', 'title', 'terms', 'paymentTerms', 'validity', 'signatures', 'pageSize', 'accentColor', 'font', 'fontName', 'catalog', 'specs', 'creationDate', 'attachment', 'lifecycle', 'status', 'seal', 'carryForward'];
const PARTY_KEYS = ['name', 'address', 'taxId', 'contact', 'phone', 'email', 'bank'];

function fail(path: string, detail: string): never {
  throw new PdfInputError(path, detail);
}

function onlyKeys(obj: Record<string, unknown>, known: string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) fail(`${path}.${key}`, `unknown option (known: ${known.join(', ')})`);
  }
}

/** An optional text option: a string of at most MAX_TEXT characters. */
function text(value: unknown, path: string, required = false, max = MAX_TEXT): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') fail(path, `must be a string, got ${describe(value)}`);
  if (required && value.trim() === '') fail(path, 'must not be empty');
  if (value.length > max) fail(path, `is ${value.length} characters long; at most ${max} are accepted`);
  return cleanText(value);
}

function bytes(value: unknown, path: string): Uint8Array | undefined {
  if (value === undefined) return undefined;
  // toString also recognises a Uint8Array made in another realm (an iframe, a worker's transfer).
  if (value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]') return value as Uint8Array;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return fail(path, `must be a Uint8Array (file bytes), got ${describe(value)}`);
}

function party(value: unknown, path: string, extra: string[] = []): QuoteParty | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) fail(path, `must be an object such as { name: "…" }, got ${describe(value)}`);
  onlyKeys(value, [...PARTY_KEYS, ...extra], path);
  const out: QuoteParty = { name: text(own(value, 'name'), `${path}.name`, true, MAX_NAME)! };
  for (const key of PARTY_KEYS.slice(1) as (keyof QuoteParty)[]) {
    const v = text(own(value, key), `${path}.${key}`, false, 2000);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** A PNG or JPEG by its signature bytes (the file name or MIME type would be the host's word). */
export function imageKind(data: Uint8Array): 'png' | 'jpeg' | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length > 8 && png.every((b, i) => data[i] === b)) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  return undefined;
}

function signatures(value: unknown): SignatureBlock[] | boolean {
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  if (!Array.isArray(value)) fail('options.signatures', `must be true, false or an array of { title, party?, seal? }, got ${describe(value)}`);
  if (value.length > 4) fail('options.signatures', `at most 4 signature blocks fit on a page, got ${value.length}`);
  return value.map((block, i) => {
    const path = `options.signatures[${i}]`;
    if (!isRecord(block)) fail(path, `must be an object such as { title: "甲方" }, got ${describe(block)}`);
    onlyKeys(block, ['title', 'party', 'seal'], path);
    const seal = own(block, 'seal');
    if (seal !== undefined && typeof seal !== 'boolean') fail(`${path}.seal`, `must be a boolean, got ${describe(seal)}`);
    const out: SignatureBlock = { title: text(own(block, 'title'), `${path}.title`, true, MAX_NAME)! };
    const p = text(own(block, 'party'), `${path}.party`, false, MAX_NAME);
    if (p !== undefined) out.party = p;
    if (seal !== undefined) out.seal = seal as boolean;
    return out;
  });
}

function accent(value: unknown): [number, number, number] {
  if (value === undefined) return [0x1f / 255, 0x4e / 255, 0x8c / 255];
  const m = typeof value === 'string' ? /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value) : null;
  if (!m) fail('options.accentColor', `must be a colour such as "#1f4e8c" or "#c00", got ${describe(value)}`);
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function date(value: unknown): Date {
  if (value === undefined) return new Date();
  const d = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) fail('options.creationDate', `must be a Date or an ISO 8601 date string, got ${describe(value)}`);
  return d;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
  return value as T;
}

/** The quote's lifecycle record, as far as the status mark reads it: the state and the approvals given. */
function lifecycle(value: unknown): Lifecycle | undefined {
  if (value === undefined) return undefined;
  const path = 'options.lifecycle';
  if (!isRecord(value)) fail(path, `must be the quote's lifecycle object { state, approvals, … }, got ${describe(value)}`);
  const state = own(value, 'state');
  if (!isQuoteState(state)) fail(`${path}.state`, `must be one of ${STATES.join(', ')}, got ${describe(state)}`);
  const approvals = own(value, 'approvals') ?? [];
  if (!Array.isArray(approvals)) fail(`${path}.approvals`, `must be an array, got ${describe(approvals)}`);
  approvals.forEach((a: unknown, i: number) => {
    if (!isRecord(a)) fail(`${path}.approvals[${i}]`, `must be an approval decision object, got ${describe(a)}`);
    for (const key of ['ruleId', 'level', 'digest']) {
      if (typeof own(a, key) !== 'string') fail(`${path}.approvals[${i}].${key}`, `must be a string, got ${describe(own(a, key))}`);
    }
    const lineId = own(a, 'lineId');
    if (lineId !== undefined && typeof lineId !== 'string') fail(`${path}.approvals[${i}].lineId`, `must be a string, got ${describe(lineId)}`);
  });
  return { state, approvals: approvals as Lifecycle['approvals'], history: [] };
}

function flag(value: unknown, path: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') fail(path, `must be a boolean, got ${describe(value)}`);
  return value === true;
}

const MM = 72 / 25.4;

/** The seal: a PNG, a real width in millimetres, a signature block that exists to print it over. */
function seal(value: unknown, blocks: SignatureBlock[] | boolean): ResolvedOptions['seal'] {
  if (value === undefined) return undefined;
  const path = 'options.seal';
  if (!isRecord(value)) fail(path, `must be an object such as { image: pngBytes }, got ${describe(value)}`);
  onlyKeys(value, ['image', 'widthMm', 'block', 'acrossPages'], path);
  const image = bytes(own(value, 'image'), `${path}.image`);
  if (!image) fail(`${path}.image`, 'is required: the seal as PNG bytes with a transparent background');
  const kind = imageKind(image);
  if (kind !== 'png') fail(`${path}.image`, kind === 'jpeg' ? 'is a JPEG, which has no transparency: the seal would cover the signature with its background; pass a PNG with a transparent background' : 'not a PNG (the bytes do not start with the PNG signature)');
  const widthMm = own(value, 'widthMm') ?? 42;
  if (typeof widthMm !== 'number' || !Number.isFinite(widthMm) || widthMm < 10 || widthMm > 80) fail(`${path}.widthMm`, `must be a number of millimetres from 10 to 80 (a 公章 is about 40 to 42), got ${describe(widthMm)}`);
  const acrossPages = own(value, 'acrossPages') ?? false;
  if (typeof acrossPages !== 'boolean') fail(`${path}.acrossPages`, `must be a boolean, got ${describe(acrossPages)}`);
  if (blocks === false) fail(path, 'there is no signature block to print the seal over: options.signatures is false');
  const count = blocks === true ? 2 : blocks.length;
  const block = own(value, 'block') ?? count - 1;
  if (typeof block !== 'number' || !Number.isInteger(block) || block < 0 || block >= count) fail(`${path}.block`, `must be the index of a signature block, 0 to ${count - 1}, got ${describe(block)}`);
  return { image, width: widthMm * MM, block, acrossPages };
}

/** Check the options a host passed and resolve their defaults; throws a located PdfInputError. */
export function resolveOptions(options: unknown, quoteLocale: string): ResolvedOptions {
  if (options === undefined) options = {};
  if (!isRecord(options)) fail('options', `must be an object, got ${describe(options)}`);
  onlyKeys(options, OPTION_KEYS, 'options');
  const o = (key: string): unknown => own(options, key);

  const sellerIn = o('seller');
  const seller = party(sellerIn, 'options.seller', ['logo']);
  const logo = bytes(own(sellerIn, 'logo'), 'options.seller.logo');
  if (logo && !imageKind(logo)) fail('options.seller.logo', 'not a PNG or JPEG (the bytes do not start with a PNG or JPEG signature)');

  const locale = text(o('locale'), 'options.locale') ?? quoteLocale;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(locale)) fail('options.locale', `must be a BCP 47 tag such as "zh-CN" or "en", got ${describe(locale)}`);

  const termsIn = o('terms');
  let terms: string[] = [];
  if (typeof termsIn === 'string') terms = [text(termsIn, 'options.terms')!];
  else if (Array.isArray(termsIn)) terms = termsIn.map((t, i) => text(t, `options.terms[${i}]`, true)!);
  else if (termsIn !== undefined) fail('options.terms', `must be a string or an array of strings, got ${describe(termsIn)}`);

  const pageSizeIn = o('pageSize') ?? 'A4';
  const pageSize = typeof pageSizeIn === 'string' && Object.prototype.hasOwnProperty.call(PAGE_SIZES, pageSizeIn) ? PAGE_SIZES[pageSizeIn]! : fail('options.pageSize', `must be "A4" or "Letter", got ${describe(pageSizeIn)}`);

  const specsIn = o('specs');
  const specs: Record<string, string> = Object.create(null) as Record<string, string>;
  if (specsIn !== undefined) {
    if (!isRecord(specsIn)) fail('options.specs', `must be an object from line id to text, got ${describe(specsIn)}`);
    for (const [id, v] of Object.entries(specsIn)) specs[id] = text(v, `options.specs[${JSON.stringify(id)}]`)!;
  }

  const catalog = o('catalog');
  if (catalog !== undefined && !isRecord(catalog)) fail('options.catalog', `must be a catalog object, got ${describe(catalog)}`);

  const out: ResolvedOptions = {
    locale,
    chinese: locale.toLowerCase().startsWith('zh'),
    terms,
    termsNumbered: Array.isArray(termsIn) && terms.length > 1,
    signatures: signatures(o('signatures')),
    pageSize,
    accent: accent(o('accentColor')),
    specs,
    creationDate: date(o('creationDate')),
    attachment: oneOf<AttachmentMode>(o('attachment'), ATTACHMENT_MODES, 'options.attachment') ?? 'customer-copy',
    carryForward: flag(o('carryForward'), 'options.carryForward'),
  };
  const sealed = seal(o('seal'), out.signatures);
  if (sealed) out.seal = sealed;
  const life = lifecycle(o('lifecycle'));
  if (life) out.lifecycle = life;
  const status = oneOf<DocumentStatus>(o('status'), DOCUMENT_STATUSES, 'options.status');
  if (status) out.status = status;
  if (seller) out.seller = logo ? { ...seller, logo } : seller;
  const buyer = party(o('buyer'), 'options.buyer');
  if (buyer) out.buyer = buyer;
  const optional: [keyof ResolvedOptions & ('title' | 'paymentTerms' | 'validity' | 'fontName'), string][] = [
    ['title', 'options.title'], ['paymentTerms', 'options.paymentTerms'], ['validity', 'options.validity'], ['fontName', 'options.fontName'],
  ];
  for (const [key, path] of optional) {
    const v = text(o(key), path, false, key === 'title' || key === 'fontName' ? MAX_NAME : MAX_TEXT);
    if (v !== undefined) out[key] = v;
  }
  const font = bytes(o('font'), 'options.font');
  if (font) {
    if (font.length < 12) fail('options.font', `is ${font.length} bytes long; not a font file`);
    out.font = font;
  }
  if (catalog !== undefined) out.catalog = catalog;
  return out;
}
